namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>Sample quantiles of sorted data.</summary>
public static class Quantile
{
    /// <summary>
    /// numpy's default ("linear", Hyndman–Fan type 7) quantile: position h = (n − 1)·q, linear interpolation
    /// between the neighbouring order statistics, written as numpy 1.24 writes it (interpolating from the nearer
    /// end when the weight ≥ 0.5) so bin edges agree bit for bit.
    /// </summary>
    public static double Linear(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("Quantile of an empty sample is undefined.", nameof(sorted));
        }

        var n = sorted.Length;
        var position = (n - 1) * q;
        var below = Math.Floor(position);
        if (position >= n - 1)
        {
            return sorted[n - 1];
        }

        if (position < 0)
        {
            return sorted[0];
        }

        var lower = (int)below;
        var gamma = position - below;
        double a = sorted[lower], b = sorted[lower + 1];
        var span = b - a;
        return gamma >= 0.5 ? b - (span * (1 - gamma)) : a + (span * gamma);
    }
}
