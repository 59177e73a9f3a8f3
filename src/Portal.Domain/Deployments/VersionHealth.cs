namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// A version's health over one window. Counts are kept beside the rates so a policy can compare exactly
/// (errors · 100 &gt; limit · requests) and an audit event can show "12 of 100", not just "12 %".
/// Latency covers every request, failed ones included: a client waits for those too.
/// </summary>
public sealed record VersionHealth(
    string Version,
    int Requests,
    int Errors,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    int AccuracySamples,
    int CorrectPredictions,
    int MaeSamples,
    double? Mae)
{
    /// <summary>Failed requests as a fraction of all requests (0 with no requests).</summary>
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    /// <summary>Share of labelled binary predictions that were right, or null without labels.</summary>
    public double? Accuracy => AccuracySamples == 0 ? null : (double)CorrectPredictions / AccuracySamples;

    public static VersionHealth Empty(string version) => new(version, 0, 0, null, null, 0, 0, 0, null);
}
