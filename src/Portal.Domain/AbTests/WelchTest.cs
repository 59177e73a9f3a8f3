using MathNet.Numerics.Distributions;

namespace ModelLifecycle.Domain.AbTests;

/// <summary>Count, mean and sample variance (n − 1) of one arm's continuous metric, as SQL aggregation gives them.</summary>
public readonly record struct SampleSummary(long Count, double Mean, double Variance)
{
    /// <summary>From the running sums SQL returns (COUNT, SUM(x), SUM(x·x)); the variance is clamped at 0 against rounding.</summary>
    public static SampleSummary FromSums(long count, double sum, double sumOfSquares)
    {
        if (count == 0)
        {
            return new SampleSummary(0, 0, 0);
        }

        var mean = sum / count;
        var variance = count > 1 ? Math.Max(0, (sumOfSquares - (sum * mean)) / (count - 1)) : 0;
        return new SampleSummary(count, mean, variance);
    }

    /// <summary>From the values themselves (Welford's update, stable for any scale).</summary>
    public static SampleSummary Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double mean = 0, m2 = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var delta = values[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (values[i] - mean);
        }

        return new SampleSummary(values.Count, values.Count == 0 ? 0 : mean, values.Count > 1 ? m2 / (values.Count - 1) : 0);
    }
}

/// <summary>
/// Welch's unequal-variance t-test of mean B − mean A, two-sided, as scipy's
/// <c>ttest_ind(b, a, equal_var=False)</c>, with the confidence interval of the difference on the Welch–Satterthwaite
/// degrees of freedom (scipy ≥ 1.11 <c>confidence_interval()</c>, statsmodels <c>tconfint_diff(usevar='unequal')</c>).
/// </summary>
public static class WelchTest
{
    public static ArmComparison Compare(SampleSummary a, SampleSummary b, double alpha)
    {
        ProportionTest.CheckAlpha(alpha);
        if (a.Count < 2 || b.Count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(a), "Welch's test needs at least two values per arm.");
        }

        var difference = b.Mean - a.Mean;
        var va = a.Variance / a.Count;
        var vb = b.Variance / b.Count;
        var se = Math.Sqrt(va + vb);
        if (se == 0)
        {
            // Both arms constant: no spread to test against; equal means cannot differ, different ones differ surely.
            var p = difference == 0 ? 1 : 0;
            return new ArmComparison(difference, 0, p, difference, difference, null);
        }

        var df = ((va + vb) * (va + vb)) / ((va * va / (a.Count - 1)) + (vb * vb / (b.Count - 1)));
        var t = difference / se;
        var pValue = 2 * StudentDistribution.Cdf(-Math.Abs(t), df);
        var q = StudentDistribution.Quantile(1 - alpha / 2, df);
        return new ArmComparison(difference, t, pValue, difference - q * se, difference + q * se, df);
    }
}
