using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Portal.Serving;

/// <summary>A version the prediction path may load: its id (the cache key) and whether it may serve.</summary>
public sealed record ServedVersion(Guid Id, string Version, bool Healthy)
{
    /// <summary>The model cache's key, made once so a lookup allocates nothing.</summary>
    public string CacheKey { get; } = Id.ToString("N");
}

/// <summary>
/// How one model serves right now, built from its <c>ModelServing</c> row and kept in memory until the row changes:
/// the feature schema requests are checked against, the router over the live split, and the shadow versions.
/// </summary>
public sealed class ModelRoute
{
    public ModelRoute(
        Guid modelId,
        string modelName,
        ModelTask task,
        IReadOnlyList<FeatureDefinition> features,
        TrafficRouter router,
        ServedVersion stable,
        IReadOnlyDictionary<string, ServedVersion> versions,
        IReadOnlyList<ServedVersion> shadows,
        Guid stamp)
    {
        ModelId = modelId;
        ModelName = modelName;
        Task = task;
        Features = features;
        Positions = Domain.Serving.PredictionInput.Positions(features);
        Router = router;
        Stable = stable;
        Versions = versions;
        Shadows = shadows;
        Stamp = stamp;
    }

    public Guid ModelId { get; }

    public string ModelName { get; }

    public ModelTask Task { get; }

    public IReadOnlyList<FeatureDefinition> Features { get; }

    public IReadOnlyDictionary<string, int> Positions { get; }

    public TrafficRouter Router { get; }

    /// <summary>Where traffic goes when the routed version may not serve (its artifact failed an integrity check).</summary>
    public ServedVersion Stable { get; }

    /// <summary>Every version listed in the split, by version text.</summary>
    public IReadOnlyDictionary<string, ServedVersion> Versions { get; }

    public IReadOnlyList<ServedVersion> Shadows { get; }

    /// <summary>The row's concurrency stamp this route was built from.</summary>
    public Guid Stamp { get; }

    /// <summary>
    /// The version for a request: the router's choice by key (or weighted random), or the stable version when that one
    /// is unhealthy and the split has not been moved yet; refused when no healthy version is left.
    /// </summary>
    public ServedVersion Pick(string? routingKey)
    {
        var routed = Versions[Router.Route(routingKey)];
        if (routed.Healthy)
        {
            return routed;
        }

        return Stable.Healthy
            ? Stable
            : throw DomainException.Unavailable($"Model '{ModelName}' has no healthy version to serve: {routed.Version} is unhealthy and so is the stable version {Stable.Version}.");
    }

    /// <summary>The versions worth keeping loaded: every listed version, the stable one and the shadows, healthy ones only.</summary>
    public IEnumerable<ServedVersion> Deployed() =>
        Versions.Values.Append(Stable).Concat(Shadows).Where(v => v.Healthy).DistinctBy(v => v.Id);
}
