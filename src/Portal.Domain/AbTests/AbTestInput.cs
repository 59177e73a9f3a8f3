namespace ModelLifecycle.Domain.AbTests;

/// <summary>The body of <c>POST /api/v1/models/{name}/abtests</c>; nullable so a missing field is a 400 naming it.</summary>
public sealed record AbTestInput(string? VersionA, string? VersionB, decimal? PercentB, string? Metric, int? MinSamplesPerArm, double? Alpha, string? Reason = null);

/// <summary>The body of <c>POST /api/v1/abtests/{id}/stop</c> (optional): with <c>requestPromotion</c> the winner's Production request is filed.</summary>
public sealed record AbTestStopInput(string? Reason = null, bool RequestPromotion = false);
