using MathNet.Numerics;

namespace ModelLifecycle.Domain.AbTests;

/// <summary>
/// Student's t CDF and quantile for real degrees of freedom (Welch's are fractional), through the regularized
/// incomplete beta function: F(t) = 1 − I(ν/(ν+t²); ν/2, 1/2) / 2 for t ≥ 0, symmetric below.
/// </summary>
public static class StudentDistribution
{
    public static double Cdf(double t, double df)
    {
        if (!(df > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(df), df, "Degrees of freedom are positive.");
        }

        if (double.IsInfinity(t))
        {
            return t > 0 ? 1 : 0;
        }

        var tail = 0.5 * SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + (t * t)));
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The t with <see cref="Cdf"/>(t) = p: Newton steps from a normal start, bracketed by bisection.</summary>
    public static double Quantile(double p, double df)
    {
        if (!(p is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p is between 0 and 1.");
        }

        if (p == 0.5)
        {
            return 0;
        }

        // Solve in the upper half and mirror, so the tail probability keeps its precision.
        var upper = p > 0.5;
        var tail = upper ? 1 - p : p;
        double low = 0, high = 1;
        while (UpperTail(high, df) > tail)
        {
            low = high;
            high *= 2;
            if (high > 1e300)
            {
                break;
            }
        }

        var x = Math.Clamp(MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - tail), low, high);
        for (var i = 0; i < 200; i++)
        {
            var f = UpperTail(x, df) - tail;
            if (f > 0)
            {
                low = x;
            }
            else
            {
                high = x;
            }

            var density = Density(x, df);
            var next = density > 0 ? x + (f / density) : double.NaN;
            if (!(next > low && next < high))
            {
                next = 0.5 * (low + high);
            }

            if (Math.Abs(next - x) <= 1e-15 * Math.Max(1, Math.Abs(x)))
            {
                x = next;
                break;
            }

            x = next;
        }

        return upper ? x : -x;
    }

    private static double UpperTail(double t, double df) => 0.5 * SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + (t * t)));

    private static double Density(double t, double df) =>
        Math.Exp(SpecialFunctions.GammaLn((df + 1) / 2) - SpecialFunctions.GammaLn(df / 2) - (0.5 * Math.Log(df * Math.PI))
            - ((df + 1) / 2 * Math.Log(1 + (t * t / df))));
}
