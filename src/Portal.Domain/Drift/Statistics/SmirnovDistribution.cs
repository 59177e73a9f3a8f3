namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Upper tail of the one-sided KS statistic, P(D_n⁺ ≥ x) (scipy.special.smirnov), from the Birnbaum–Tingey
/// sum x·Σ_{v=0}^{⌊n(1−x)⌋} C(n, v)(x + v/n)^(v−1)(1 − x − v/n)^(n−v). All terms are positive, so they are
/// summed in log space; for n above 10⁶ scipy's approximation exp(−(6nx + 1)²/(18n)) is used as scipy does.
/// </summary>
internal static class SmirnovDistribution
{
    private const int MaxComputeN = 1_000_000;

    public static double Survival(int n, double x)
    {
        if (double.IsNaN(x) || n <= 0 || x < 0 || x > 1)
        {
            return double.NaN;
        }

        if (n == 1)
        {
            return 1 - x;
        }

        if (x == 0.0)
        {
            return 1.0;
        }

        if (x == 1.0)
        {
            return 0.0;
        }

        var nx = n * x;
        if (nx <= 1.0)
        {
            // x ≤ 1/n: only the v = 0 term, cdf = x(1 + x)^(n−1).
            return KolmogorovDistribution.Clip(1 - (x * Math.Pow(1 + x, n - 1)));
        }

        if (-2 * n * x * x < -708.3964185322641)
        {
            return 0.0;
        }

        if (Math.Floor(nx) >= n - 1)
        {
            return KolmogorovDistribution.Clip(Math.Pow(1 - x, n));
        }

        if (n > MaxComputeN)
        {
            var logP = -Math.Pow((6.0 * n * x) + 1, 2) / 18.0 / n;
            return KolmogorovDistribution.Clip(Math.Exp(logP));
        }

        var last = (int)Math.Floor(n * (1.0 - x));
        // log C(n, v) is updated by one ratio per term instead of three log-gamma calls.
        var logBinomial = 0.0;
        var sum = 0.0;
        var previous = double.NegativeInfinity;
        for (var v = 0; v <= last; v++)
        {
            if (v > 0)
            {
                logBinomial += Math.Log((double)(n - v + 1) / v);
            }

            var up = x + ((double)v / n);
            var down = 1.0 - up;
            if (down <= 0)
            {
                break;
            }

            var logTerm = logBinomial + ((v - 1) * Math.Log(up)) + ((n - v) * Math.Log(down));
            var term = Math.Exp(logTerm);
            sum += term;

            // Terms rise to one peak and then fall; once falling and negligible the rest cannot matter.
            if (logTerm < previous && term < 1e-18 * sum)
            {
                break;
            }

            previous = logTerm;
        }

        return KolmogorovDistribution.Clip(sum * x);
    }
}
