namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// First Wasserstein (earth mover's) distance between two empirical distributions, W1 = ∫ |F_a(x) − F_b(x)| dx,
/// as scipy.stats.wasserstein_distance(a, b) with unit weights: the area between the two ECDFs.
/// </summary>
public static class Wasserstein
{
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sortedA = a.ToArray();
        var sortedB = b.ToArray();
        Array.Sort(sortedA);
        Array.Sort(sortedB);
        return DistanceSorted(sortedA, sortedB);
    }

    /// <summary>Same distance for samples sorted ascending, by one merge over both, O(n + m).</summary>
    public static double DistanceSorted(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int n = sortedA.Length, m = sortedB.Length;
        if (n == 0 || m == 0)
        {
            throw new ArgumentException("Wasserstein distance needs two non-empty samples.");
        }

        int i = 0, j = 0;
        var total = 0.0;
        var previous = Math.Min(sortedA[0], sortedB[0]);
        while (i < n || j < m)
        {
            var next = i < n && (j >= m || sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];

            // Between the previous and this point both ECDFs are flat at i/n and j/m.
            total += Math.Abs(((double)i / n) - ((double)j / m)) * (next - previous);
            while (i < n && sortedA[i] == next)
            {
                i++;
            }

            while (j < m && sortedB[j] == next)
            {
                j++;
            }

            previous = next;
        }

        return total;
    }

    /// <summary>W1 divided by the reference sample standard deviation, null when that deviation is 0.</summary>
    public static double? Normalized(double distance, double referenceStandardDeviation) =>
        referenceStandardDeviation > 0 ? distance / referenceStandardDeviation : null;
}
