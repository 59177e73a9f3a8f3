namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>Binary search in ascending data, shared by the PSI binning and the reference sketch.</summary>
internal static class SortedSearch
{
    /// <summary>The number of values ≤ <paramref name="value"/> (the index of the first value greater than it).</summary>
    public static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
