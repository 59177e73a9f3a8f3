using System.Buffers;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// What the charts of one feature need, kept small in a stored report: for numeric features a shared histogram
/// (equal-width bins over both windows' range) and where the KS distance is largest; for categorical features the
/// share of each category in each window.
/// </summary>
public sealed record FeatureDistribution(
    string Feature,
    double[]? Edges,
    long[]? ReferenceCounts,
    long[]? CurrentCounts,
    double? KsLocation,
    IReadOnlyList<string>? Categories,
    double[]? ReferenceShares,
    double[]? CurrentShares)
{
    public const int HistogramBins = 40;

    public static FeatureDistribution? Numeric(string feature, double[] reference, double[] current)
    {
        var a = SortedFinite(reference, out var aLength);
        var b = SortedFinite(current, out var bLength);
        try
        {
            return FromSorted(feature, a.AsSpan(0, aLength), b.AsSpan(0, bLength));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(a);
            ArrayPool<double>.Shared.Return(b);
        }
    }

    /// <summary>The chart of a numeric feature from both windows' finite values sorted ascending; null when either has none.</summary>
    internal static FeatureDistribution? FromSorted(string feature, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return null;
        }

        var min = Math.Min(a[0], b[0]);
        var max = Math.Max(a[^1], b[^1]);
        var bins = max > min ? HistogramBins : 1;
        var width = max > min ? (max - min) / bins : 1.0;
        var edges = Enumerable.Range(0, bins + 1).Select(i => i == bins ? (max > min ? max : min + 1) : min + (i * width)).ToArray();
        return new FeatureDistribution(feature, edges, Count(a, min, width, bins), Count(b, min, width, bins), LargestGap(a, b), null, null, null);
    }

    public static FeatureDistribution Categorical(string feature, IReadOnlyList<string?> reference, IReadOnlyList<string?> current)
    {
        var refCounts = reference.Where(v => !string.IsNullOrEmpty(v)).GroupBy(v => v!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var curCounts = current.Where(v => !string.IsNullOrEmpty(v)).GroupBy(v => v!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var categories = refCounts.Keys.Union(curCounts.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        double refTotal = Math.Max(1, refCounts.Values.Sum());
        double curTotal = Math.Max(1, curCounts.Values.Sum());
        return new FeatureDistribution(feature, null, null, null, null, categories,
            categories.Select(c => refCounts.GetValueOrDefault(c) / refTotal).ToArray(),
            categories.Select(c => curCounts.GetValueOrDefault(c) / curTotal).ToArray());
    }

    /// <summary>
    /// The finite values in ascending order, in a pooled array (the first <paramref name="length"/> entries; the
    /// caller returns it): a radix sort gives the same order as a comparison sort, ties being equal values.
    /// </summary>
    private static double[] SortedFinite(double[] values, out int length)
    {
        var kept = ArrayPool<double>.Shared.Rent(values.Length);
        length = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                kept[length++] = v;
            }
        }

        Statistics.RadixSort.Sort(kept.AsSpan(0, length));
        return kept;
    }

    private static long[] Count(ReadOnlySpan<double> sorted, double min, double width, int bins)
    {
        var counts = new long[bins];
        foreach (var v in sorted)
        {
            counts[Math.Clamp((int)((v - min) / width), 0, bins - 1)]++;
        }

        return counts;
    }

    /// <summary>The value at which the two empirical CDFs are furthest apart (where the KS statistic is attained).</summary>
    internal static double LargestGap(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int i = 0, j = 0;
        var best = 0.0;
        var at = a[0];
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }

            while (j < b.Length && b[j] <= x)
            {
                j++;
            }

            var gap = Math.Abs(((double)i / a.Length) - ((double)j / b.Length));
            if (gap > best)
            {
                best = gap;
                at = x;
            }
        }

        return at;
    }
}
