namespace ModelLifecycle.Domain.AbTests;

/// <summary>
/// What the prediction log says about one arm (a version's served, non-shadow predictions in the test's window),
/// aggregated by the database: counts, latency sums and percentiles, and the confusion counts of labelled rows.
/// </summary>
public sealed record ArmCounts(
    string Version,
    long Requests,
    long Failures,
    SampleSummary Latency,
    double? LatencyP50,
    double? LatencyP95,
    ConfusionCounts Confusion)
{
    public static ArmCounts Empty(string version) => new(version, 0, 0, default, null, null, default);
}

/// <summary>One arm as the API and page show it.</summary>
/// <param name="Version">The model version of the arm.</param>
/// <param name="Samples">What counts towards the minimum: labelled predictions (accuracy, F1) or served requests (error rate, latency).</param>
/// <param name="Successes">Correct labelled predictions (accuracy, F1), failed requests (error rate), null for latency.</param>
/// <param name="Value">The primary metric: a share 0..1 for accuracy, F1 and error rate, mean ms for latency; null without samples.</param>
/// <param name="Count">Served requests of the arm in the window.</param>
/// <param name="Labelled">Requests with a feedback label.</param>
public sealed record ArmResult(
    string Version,
    long Samples,
    long? Successes,
    double? Value,
    long Count,
    long Labelled,
    double? Accuracy,
    double? Precision,
    double? Recall,
    double? F1,
    double? ErrorRate,
    double? LatencyMeanMs,
    double? LatencyP50Ms,
    double? LatencyP95Ms)
{
    public static ArmResult From(ArmCounts arm, AbMetric metric)
    {
        ArgumentNullException.ThrowIfNull(arm);
        var c = arm.Confusion;
        double? accuracy = c.Labelled > 0 ? (double)c.Correct / c.Labelled : null;
        double? precision = c.TruePositives + c.FalsePositives > 0 ? (double)c.TruePositives / (c.TruePositives + c.FalsePositives) : null;
        double? recall = c.TruePositives + c.FalseNegatives > 0 ? (double)c.TruePositives / (c.TruePositives + c.FalseNegatives) : null;
        double? f1 = c.TruePositives + c.FalsePositives + c.FalseNegatives > 0 ? F1Test.F1(c.TruePositives, c.FalsePositives, c.FalseNegatives) : null;
        double? errorRate = arm.Requests > 0 ? (double)arm.Failures / arm.Requests : null;
        double? latencyMean = arm.Latency.Count > 0 ? arm.Latency.Mean : null;
        var (samples, successes, value) = metric switch
        {
            AbMetric.Accuracy => (c.Labelled, (long?)c.Correct, accuracy),
            AbMetric.F1 => (c.Labelled, c.Correct, f1),
            AbMetric.ErrorRate => (arm.Requests, arm.Failures, errorRate),
            _ => (arm.Latency.Count, (long?)null, latencyMean),
        };
        return new ArmResult(arm.Version, samples, successes, value, arm.Requests, c.Labelled, accuracy, precision, recall, f1, errorRate, latencyMean, arm.LatencyP50, arm.LatencyP95);
    }
}
