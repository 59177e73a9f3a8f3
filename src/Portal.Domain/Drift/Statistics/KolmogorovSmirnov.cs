namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Two-sided two-sample Kolmogorov–Smirnov test, D = sup_x |F_a(x) − F_b(x)| over the empirical CDFs,
/// reproducing scipy 1.10 <c>stats.ks_2samp(a, b, alternative="two-sided", method="auto")</c>:
/// the p-value is exact (lattice-path counting, Hodges 1958) when max(n, m) ≤ 10 000, and otherwise
/// (or when the exact computation leaves [0, 1]) the Kolmogorov distribution <c>kstwo.sf(D, round(nm/(n+m)))</c>.
/// Ties are handled because both ECDFs are evaluated after every distinct value.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>scipy's MAX_AUTO_N: above this sample size "auto" switches to the asymptotic p-value.</summary>
    public const int MaxExactSampleSize = 10_000;

    /// <summary>Sorts copies of both samples, then tests. Samples must be non-empty and free of NaN.</summary>
    public static KsResult TwoSample(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sortedA = a.ToArray();
        var sortedB = b.ToArray();
        Array.Sort(sortedA);
        Array.Sort(sortedB);
        return TwoSampleSorted(sortedA, sortedB);
    }

    /// <summary>Same test for samples already sorted ascending (not checked, O(n + m)).</summary>
    public static KsResult TwoSampleSorted(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        var d = Statistic(sortedA, sortedB);
        return PValue(d, sortedA.Length, sortedB.Length);
    }

    /// <summary>
    /// The D statistic as exact ECDF step counts: (i, j) are how many values of a and b lie at or below
    /// the point where |i/n − j/m| is largest. Kept as integers so the exact path gets h = D·lcm(n, m) without rounding.
    /// </summary>
    public static KsStatistic Statistic(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        int n = sortedA.Length, m = sortedB.Length;
        if (n == 0 || m == 0)
        {
            throw new ArgumentException("Kolmogorov–Smirnov needs two non-empty samples.");
        }

        // Scaled difference i·m − j·n, maximised and minimised after each distinct value.
        long best = 0, bestI = 0, bestJ = 0;
        long worst = 0, worstI = 0, worstJ = 0;
        int i = 0, j = 0;
        while (i < n && j < m)
        {
            var v = Math.Min(sortedA[i], sortedB[j]);
            if (double.IsNaN(v))
            {
                throw new ArgumentException("Kolmogorov–Smirnov samples must not contain NaN.");
            }

            while (i < n && sortedA[i] == v)
            {
                i++;
            }

            while (j < m && sortedB[j] == v)
            {
                j++;
            }

            long diff = ((long)i * m) - ((long)j * n);
            if (diff > best)
            {
                (best, bestI, bestJ) = (diff, i, j);
            }
            else if (diff < worst)
            {
                (worst, worstI, worstJ) = (diff, i, j);
            }
        }

        // After one sample is exhausted the difference only moves toward 0, so the walk can stop.
        return -worst > best
            ? new KsStatistic(n, m, worstI, worstJ, -worst)
            : new KsStatistic(n, m, bestI, bestJ, best);
    }

    /// <summary>Two-sided p-value for a statistic, choosing the method as scipy's "auto" does.</summary>
    public static KsResult PValue(KsStatistic d, int n, int m)
    {
        var g = Gcd(n, m);
        if (Math.Max(n, m) <= MaxExactSampleSize)
        {
            long lcm = (long)(n / g) * m;
            long h = d.ScaledDifference / g;
            var exactD = h * 1.0 / lcm;
            if (h == 0)
            {
                return new KsResult(exactD, 1.0, KsResult.Exact);
            }

            var prob = n == m
                ? KsExactDistribution.ProbabilityOutsideSquare(n, (int)h)
                : KsExactDistribution.ProbabilityOutsideBand(n, m, g, h);
            if (prob is >= 0 and <= 1)
            {
                return new KsResult(exactD, prob, KsResult.Exact);
            }

            // scipy falls back to the asymptotic distribution when rounding pushes the exact value out of [0, 1].
            return Asymptotic(exactD, n, m);
        }

        return Asymptotic(((double)d.CountA / n) - ((double)d.CountB / m), n, m);
    }

    /// <summary>
    /// Asymptotic two-sided p-value, scipy's <c>kstwo.sf(D, round(n·m/(n + m)))</c>, for a statistic known only
    /// as a number (e.g. from a streaming sketch).
    /// </summary>
    public static KsResult Asymptotic(double statistic, long n, long m)
    {
        var dAbs = Math.Abs(statistic);
        double big = Math.Max(n, m), small = Math.Min(n, m);
        var effective = Math.Round(big * small / (big + small), MidpointRounding.ToEven);
        var p = KolmogorovDistribution.Survival((int)effective, dAbs);
        return new KsResult(dAbs, Math.Clamp(p, 0.0, 1.0), KsResult.Asymptotic);
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
