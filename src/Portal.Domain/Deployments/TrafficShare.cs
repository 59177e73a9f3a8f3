namespace ModelLifecycle.Domain.Deployments;

/// <summary>One version's share of a model's traffic.</summary>
public sealed record TrafficShare(string Version, TrafficPercent Percent);

/// <summary>A share as a client asked for it (the body of PUT .../traffic): not yet checked.</summary>
public sealed record RequestedShare(string? Version, decimal Percent);
