using System.Globalization;

namespace ModelLifecycle.Portal.Components.Shared;

/// <summary>
/// How the portal writes times and sizes, one definition for every page: times in ISO 8601 UTC (the same form as the
/// API and the CSV export), sizes in binary units with one decimal so a small artifact never reads "0 KiB", durations
/// so that a fast one never reads "0.0 ms".
/// </summary>
public static class Formats
{
    private static readonly string[] Units = ["KiB", "MiB", "GiB", "TiB"];

    /// <summary>ISO 8601 in UTC to the minute, e.g. <c>2026-11-24T04:44Z</c>.</summary>
    public static string Utc(DateTime at) => ToUtc(at).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 in UTC to the second, e.g. <c>2026-11-24T04:44:09Z</c>, for logs where order within a minute matters.</summary>
    public static string UtcSeconds(DateTime at) => ToUtc(at).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Utc(DateTime? at, string none = "—") => at is { } value ? Utc(value) : none;

    /// <summary>Bytes below 1 KiB exactly, above in KiB/MiB/GiB/TiB with one decimal (1024-based).</summary>
    public static string Bytes(long bytes)
    {
        if (bytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        }

        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Units[unit]}");
    }

    /// <summary>
    /// A duration in milliseconds: one decimal from 1 ms up, two significant digits below (an in-memory model answers
    /// in hundredths of a millisecond, which one decimal would show as "0.0 ms", as if nothing had been measured).
    /// </summary>
    public static string Milliseconds(double? ms)
    {
        if (ms is not { } v || !double.IsFinite(v))
        {
            return "—";
        }

        if (v >= 1 || v <= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{v:0.0} ms");
        }

        if (v < 0.001)
        {
            return "< 0.001 ms";
        }

        var decimals = 1 - (int)Math.Floor(Math.Log10(v));
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(v, decimals)} ms");
    }

    private static DateTime ToUtc(DateTime at) => at.Kind switch
    {
        DateTimeKind.Local => at.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(at, DateTimeKind.Utc), // the database stores UTC
        _ => at,
    };
}
