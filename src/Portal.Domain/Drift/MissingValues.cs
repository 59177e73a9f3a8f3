using System.Text;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// What counts as a missing value in a drift window, for CSV cells and JSON values alike: an empty or blank cell,
/// JSON null, and the tokens NaN and NA (any case). Missing values are counted per feature and never enter a statistic.
/// </summary>
public static class MissingValues
{
    /// <summary>
    /// The largest magnitude a numeric value may have. Larger finite values (e.g. ±1e308) overflow the sums inside
    /// the statistics (means, Wasserstein areas) to infinity, so they are refused with the feature and row.
    /// </summary>
    public const double MaxMagnitude = 1e300;

    private static readonly string[] Tokens = ["NaN", "NA"];

    public static bool IsMissing([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var trimmed = text.AsSpan().Trim();
        foreach (var token in Tokens)
        {
            if (trimmed.Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The same test on a UTF-8 cell as the CSV reader sees it (no string allocated for ASCII cells, which is every
    /// number); a cell with other characters is decoded and tested as text, so both forms agree by construction.
    /// </summary>
    public static bool IsMissing(ReadOnlySpan<byte> utf8)
    {
        // Printable ASCII, space and tab trim the same way as text; any other byte takes the text path.
        if (!IsPlain(utf8))
        {
            return IsMissing(Encoding.UTF8.GetString(utf8));
        }

        var trimmed = utf8.Trim(" \t"u8);
        if (trimmed.IsEmpty)
        {
            return true;
        }

        foreach (var token in Tokens)
        {
            if (Ascii.EqualsIgnoreCase(trimmed, token))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPlain(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b is (< 0x20 and not (byte)'\t') or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for a number the statistics can use: finite and within <see cref="MaxMagnitude"/>.</summary>
    public static bool IsUsable(double value) => double.IsFinite(value) && Math.Abs(value) <= MaxMagnitude;
}
