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

    public static bool IsMissing([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? text) =>
        string.IsNullOrWhiteSpace(text)
        || text.Trim().Equals("NaN", StringComparison.OrdinalIgnoreCase)
        || text.Trim().Equals("NA", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a number the statistics can use: finite and within <see cref="MaxMagnitude"/>.</summary>
    public static bool IsUsable(double value) => double.IsFinite(value) && Math.Abs(value) <= MaxMagnitude;
}
