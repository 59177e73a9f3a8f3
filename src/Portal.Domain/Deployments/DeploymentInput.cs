namespace ModelLifecycle.Domain.Deployments;

/// <summary>The body of <c>POST /api/v1/models/{name}/deployments</c>, as sent (checked by the engine).</summary>
public sealed record DeployInput(
    string? Strategy,
    string? CandidateVersion,
    decimal? TrafficPercent = null,
    IReadOnlyList<decimal>? Steps = null,
    int? AutoAdvanceMinutes = null,
    RollbackPolicyInput? Policy = null,
    string? Reason = null);

/// <summary>A deployment's rollback policy as sent; every field is optional and falls back to <see cref="RollbackPolicy.Default"/>.</summary>
public sealed record RollbackPolicyInput(
    decimal? MaxErrorRatePercent = null,
    double? MaxP95LatencyMs = null,
    decimal? MaxAccuracyDropPoints = null,
    int? MinSamples = null,
    string? Mode = null,
    decimal? GradualFloorPercent = null);

/// <summary>The body of <c>PUT /api/v1/models/{name}/traffic</c>.</summary>
/// <param name="ExpectedStamp">The <c>concurrencyStamp</c> the client read; a change since then is a 409 (also as <c>If-Match</c>).</param>
public sealed record TrafficInput(IReadOnlyList<ShareInput?>? Allocations, Guid? ExpectedStamp = null, string? Reason = null);

/// <summary>One requested share; <see cref="Percent"/> has one decimal at most.</summary>
public sealed record ShareInput(string? Version, decimal? Percent);
