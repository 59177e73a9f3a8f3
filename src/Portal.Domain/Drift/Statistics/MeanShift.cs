namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Mean shift in reference standard deviations: (mean(current) − mean(reference)) / s_ref, where s_ref is the
/// sample standard deviation (n − 1 denominator) of the reference. Null when s_ref is 0 (constant reference).
/// </summary>
public static class MeanShift
{
    public static double? InReferenceDeviations(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var (referenceMean, referenceDeviation) = MeanAndDeviation(reference);
        var (currentMean, _) = MeanAndDeviation(current);
        return referenceDeviation > 0 ? (currentMean - referenceMean) / referenceDeviation : null;
    }

    /// <summary>Mean and sample standard deviation by Welford's update (stable for large offsets).</summary>
    public static (double Mean, double StandardDeviation) MeanAndDeviation(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("Mean of an empty sample is undefined.", nameof(values));
        }

        double mean = 0, m2 = 0;
        for (var k = 0; k < values.Length; k++)
        {
            var delta = values[k] - mean;
            mean += delta / (k + 1);
            m2 += delta * (values[k] - mean);
        }

        return (mean, values.Length > 1 ? Math.Sqrt(m2 / (values.Length - 1)) : 0.0);
    }
}
