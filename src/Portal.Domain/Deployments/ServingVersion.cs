using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// What the traffic rules need to know about a version, handed in by the caller (who reads the registry)
/// so the rules stay pure.
/// </summary>
public sealed record ServingVersion(string Version, Stage Stage, bool Healthy)
{
    /// <summary>Archived versions and versions whose artifact failed its integrity check take no traffic.</summary>
    public bool CanServe => Stage != Stage.Archived && Healthy;

    public bool IsProduction => Stage == Stage.Production;

    /// <summary>The sentence that says why it cannot serve, or null when it can.</summary>
    public string? WhyNotServing() =>
        !Healthy ? "is unhealthy (its artifact failed an integrity check)"
        : Stage == Stage.Archived ? "is Archived"
        : null;
}
