namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Exact null distribution of the two-sided two-sample KS statistic, P(D ≥ h / lcm(n, m)), by counting
/// monotone lattice paths from (0, 0) to (n, m) (Hodges 1958, after Drion, Gnedenko and Korolyuk).
/// Follows the same recursions as scipy 1.10 so p-values agree to rounding.
/// </summary>
internal static class KsExactDistribution
{
    /// <summary>
    /// Equal sample sizes: P(D_{n,n} ≥ h/n) = 2·Σ_k (−1)^(k+1) C(2n, n − k·h) / C(2n, n), evaluated as a
    /// Horner-like product of ratios to avoid the cancellation of the alternating sum.
    /// </summary>
    public static double ProbabilityOutsideSquare(int n, int h)
    {
        var p = 0.0;
        for (long k = n / h; k >= 0; k--)
        {
            var ratio = 1.0;
            for (long j = 0; j < h; j++)
            {
                ratio = (n - (k * h) - j) * ratio / (n + (k * h) + j + 1);
            }

            p = ratio * (1.0 - p);
        }

        return 2 * p;
    }

    /// <summary>
    /// Unequal sizes: proportion of paths that leave the band |x/n − y/m| &lt; h / lcm(n, m).
    /// Uses Viehmann's (arXiv 2102.08037) recursion on the complement so every entry stays in [0, 1];
    /// only a sliding window of one column is kept, O(max(n, m)·window) time.
    /// </summary>
    public static double ProbabilityOutsideBand(int n1, int n2, int g, long h)
    {
        // Symmetric in the sizes; the recursion walks the larger one.
        long m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        long mg = m / g, ng = n / g;

        long minj = 0;
        long maxj = Math.Min(CeilDiv(h, mg), n + 1);
        long curlen = maxj - minj;
        var lenA = (int)Math.Min((2 * maxj) + 2, n + 1);
        var column = new double[lenA];
        Array.Fill(column, 1.0);
        for (var t = minj; t < maxj; t++)
        {
            column[t] = 0.0;
        }

        for (long i = 1; i <= m; i++)
        {
            long lastMinj = minj, lastLen = curlen;
            minj = Math.Min(Math.Max(FloorDiv((ng * i) - h, mg) + 1, 0), n);
            maxj = Math.Min(CeilDiv((ng * i) + h, mg), n + 1);
            if (maxj <= minj)
            {
                return 1.0;
            }

            var val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = ((column[jj + minj - lastMinj] * i) + (val * j)) / (i + j);
                column[jj] = val;
            }

            curlen = maxj - minj;
            if (lastLen > curlen)
            {
                // Cells that dropped out of the window are "already outside": probability 1.
                for (var t = maxj - minj; t < maxj - minj + (lastLen - curlen) && t < lenA; t++)
                {
                    column[t] = 1.0;
                }
            }
        }

        return column[maxj - minj - 1];
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
