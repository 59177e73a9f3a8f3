namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// Latency percentiles by the nearest-rank method: the smallest value whose rank r satisfies r ≥ ⌈p/100 · n⌉
/// (rank 1 for p = 0). That is numpy's <c>np.percentile(values, p, method="inverted_cdf")</c>; it always returns a
/// latency that was really observed (no interpolation between two requests) and is what "95 % of requests took at
/// most X ms" means. The rank is computed in decimal, so it is exact where numpy's floating-point p/100 · n lands
/// just above an integer and takes the next rank (n = 1000, p = 99.9); the reference data lists those cases.
/// </summary>
public static class Percentile
{
    /// <summary>The nearest-rank percentile of values sorted ascending; NaN for no values.</summary>
    public static double NearestRank(ReadOnlySpan<double> sortedAscending, decimal percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100m);
        if (sortedAscending.IsEmpty)
        {
            return double.NaN;
        }

        var rank = (int)decimal.Ceiling(percent * sortedAscending.Length / 100m);
        return sortedAscending[Math.Max(rank, 1) - 1];
    }
}
