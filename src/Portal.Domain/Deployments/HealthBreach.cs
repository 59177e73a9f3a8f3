using System.Globalization;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>Which health number a breach is about.</summary>
public enum HealthMetric
{
    ErrorRate,
    LatencyP95,
    Accuracy,
}

/// <summary>
/// One limit a candidate broke, with the numbers: the evidence a rollback event stores and a person reads.
/// <see cref="Observed"/> and <see cref="Limit"/> are in the metric's unit (percent, milliseconds, accuracy percent).
/// </summary>
public sealed record HealthBreach(string Version, HealthMetric Metric, double Observed, double Limit, string Evidence)
{
    internal static HealthBreach ErrorRate(VersionHealth health, decimal maxPercent) => new(
        health.Version,
        HealthMetric.ErrorRate,
        health.ErrorRate * 100,
        (double)maxPercent,
        Invariant($"{health.Version}: error rate {health.ErrorRate * 100:0.##} % ({health.Errors} of {health.Requests} requests) is above {maxPercent} %"));

    internal static HealthBreach LatencyP95(VersionHealth health, double maxMs) => new(
        health.Version,
        HealthMetric.LatencyP95,
        health.LatencyP95Ms!.Value,
        maxMs,
        Invariant($"{health.Version}: p95 latency {health.LatencyP95Ms:0.##} ms over {health.Requests} requests is above {maxMs:0.##} ms"));

    internal static HealthBreach Accuracy(VersionHealth candidate, VersionHealth stable, decimal maxDropPoints)
    {
        var candidatePercent = candidate.Accuracy!.Value * 100;
        var stablePercent = stable.Accuracy!.Value * 100;
        return new(
            candidate.Version,
            HealthMetric.Accuracy,
            candidatePercent,
            stablePercent - (double)maxDropPoints,
            Invariant($"{candidate.Version}: accuracy {candidatePercent:0.##} % ({candidate.CorrectPredictions} of {candidate.AccuracySamples} labelled) is ") +
            Invariant($"{stablePercent - candidatePercent:0.##} points below the stable {stable.Version} at {stablePercent:0.##} %, more than {maxDropPoints} points"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
