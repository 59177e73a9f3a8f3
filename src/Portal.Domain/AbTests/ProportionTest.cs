using MathNet.Numerics.Distributions;

namespace ModelLifecycle.Domain.AbTests;

/// <summary>The outcome of a two-arm comparison: difference B − A, its test and its confidence interval.</summary>
/// <param name="Difference">Value of arm B minus value of arm A.</param>
/// <param name="Statistic">The z (proportions) or t (Welch) statistic; 0 when the standard error is 0.</param>
/// <param name="PValue">Two-sided p-value; 1 when the arms cannot differ (standard error 0 and equal values).</param>
/// <param name="CiLow">Lower end of the (1 − alpha) confidence interval of the difference.</param>
/// <param name="CiHigh">Upper end of that interval.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom, or null for the z-tests.</param>
public sealed record ArmComparison(double Difference, double Statistic, double PValue, double CiLow, double CiHigh, double? DegreesOfFreedom = null);

/// <summary>
/// Two-proportion z-test between arm A (control) and arm B. The test uses the pooled standard error
/// (statsmodels <c>proportions_ztest([xB, xA], [nB, nA])</c>, two-sided); the confidence interval of the difference
/// uses the unpooled one (statsmodels <c>confint_proportions_2indep(..., method='wald', compare='diff')</c>), as the
/// two answer different questions: "could the rates be equal" and "how far apart are they".
/// </summary>
public static class ProportionTest
{
    public static ArmComparison Compare(long successesA, long samplesA, long successesB, long samplesB, double alpha)
    {
        Check(successesA, samplesA, nameof(successesA));
        Check(successesB, samplesB, nameof(successesB));
        CheckAlpha(alpha);
        double na = samplesA, nb = samplesB;
        var pa = successesA / na;
        var pb = successesB / nb;
        var difference = pb - pa;
        var pooled = (successesA + successesB) / (na + nb);
        var pooledSe = Math.Sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));

        // Both arms all successes (or all failures): statsmodels divides 0 by 0; nothing tells the arms apart.
        var z = pooledSe > 0 ? difference / pooledSe : 0;
        var p = pooledSe > 0 ? 2 * Normal.CDF(0, 1, -Math.Abs(z)) : 1;
        var se = Math.Sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb);
        var q = Normal.InvCDF(0, 1, 1 - alpha / 2);
        return new ArmComparison(difference, z, p, difference - q * se, difference + q * se);
    }

    internal static void CheckAlpha(double alpha)
    {
        if (!(alpha is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha is between 0 and 1.");
        }
    }

    private static void Check(long successes, long samples, string name)
    {
        if (samples <= 0 || successes < 0 || successes > samples)
        {
            throw new ArgumentOutOfRangeException(name, successes, $"Need 0 <= successes <= samples and samples > 0 (samples {samples}).");
        }
    }
}
