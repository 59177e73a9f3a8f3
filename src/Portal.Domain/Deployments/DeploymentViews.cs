using System.Text.Json;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// What a model serves now and how it is doing: <c>GET /api/v1/models/{name}/deployment</c> and the Deployments page.
/// </summary>
/// <param name="Model">The model's name.</param>
/// <param name="Deployed">False until the model's first Production version (then every field below is filled).</param>
/// <param name="StableVersion">The Production version all traffic falls back to.</param>
/// <param name="Allocations">The live split, stable version first; versions at 0 % are listed (a green or stepped-down version).</param>
/// <param name="ShadowVersions">Versions scoring copies of the traffic (results logged, never returned).</param>
/// <param name="Strategy">The strategy of the rollout in progress, or of the latest one when none is in progress.</param>
/// <param name="CandidateVersion">The candidate of that rollout.</param>
/// <param name="Status">Active, Completed, RolledBack, Superseded (the latest rollout), Stable (none yet) or NotDeployed.</param>
/// <param name="CandidateCapPercent">The most versions not in Production may get in total (per model, default 50).</param>
/// <param name="ConcurrencyStamp">Send it back as <c>expectedStamp</c> or <c>If-Match</c> so a concurrent change is a 409, not lost.</param>
/// <param name="Deployment">The rollout in progress (or the latest one), with its plan, policy and events.</param>
/// <param name="NextStepPercent">The share <c>POST .../deployment/advance</c> would give the canary, or null.</param>
/// <param name="NextStepNeedsPromotion">True when the next step is 100 %, which only an approved Production promotion gives.</param>
/// <param name="RollbackTarget">The version <c>POST .../rollback</c> returns all traffic to, or null when there is nothing to roll back.</param>
/// <param name="Health">Per version over the window: requests, errors, latency, accuracy or MAE, and the limits it breaks.</param>
/// <param name="HealthWindowSeconds">Length of the sliding window.</param>
/// <param name="HealthAt">The end of the window (now).</param>
/// <param name="OpenAlerts">Breaches under a manual policy that wait for a person (roll back or dismiss).</param>
/// <param name="RecentEvents">The model's latest deployment events (all rollouts), newest first.</param>
public sealed record ServingView(
    string Model,
    bool Deployed,
    string? StableVersion,
    IReadOnlyList<AllocationView> Allocations,
    IReadOnlyList<string> ShadowVersions,
    string? Strategy,
    string? CandidateVersion,
    string Status,
    decimal CandidateCapPercent,
    Guid? ConcurrencyStamp,
    DeploymentView? Deployment,
    decimal? NextStepPercent,
    bool NextStepNeedsPromotion,
    string? RollbackTarget,
    IReadOnlyList<VersionHealthView> Health,
    int HealthWindowSeconds,
    DateTime HealthAt,
    IReadOnlyList<DeploymentAlertView> OpenAlerts,
    IReadOnlyList<DeploymentEventView> RecentEvents,
    DateTime? UpdatedAt,
    string? UpdatedBy);

/// <summary>One version's share of the live split, with what the page needs to draw it.</summary>
/// <param name="Role">stable, candidate (has or had traffic in this rollout), green (blue-green, waiting for the switch), previous (the rollback target kept loaded) or other.</param>
public sealed record AllocationView(string Version, decimal Percent, Stage? Stage, bool Healthy, string Role);

/// <summary>One rollout and its events (oldest first).</summary>
public sealed record DeploymentView(
    Guid Id,
    string Model,
    string Strategy,
    string CandidateVersion,
    string? StableVersion,
    string Status,
    IReadOnlyList<decimal> Steps,
    int? AutoAdvanceMinutes,
    DateTime? LastAdvancedAt,
    RollbackPolicyView Policy,
    string CreatedBy,
    DateTime CreatedAt,
    DateTime? EndedAt,
    string? EndReason,
    IReadOnlyList<DeploymentEventView> Events);

/// <summary>A rollback policy as shown and stored.</summary>
public sealed record RollbackPolicyView(decimal MaxErrorRatePercent, double MaxP95LatencyMs, decimal MaxAccuracyDropPoints, int MinSamples, string Mode, decimal GradualFloorPercent)
{
    public static RollbackPolicyView From(RollbackPolicy p) =>
        new(p.MaxErrorRatePercent, p.MaxP95LatencyMs, p.MaxAccuracyDropPoints, p.MinSamples, p.Mode.ToString(), p.StepDown.Floor.Value);
}

/// <summary>
/// A stored step of a deployment: deployed, traffic_changed, advanced, rolled_back, stepped_down, breach_alert,
/// alert_dismissed, superseded, completed, integrity_failed. <see cref="Evidence"/> holds the breaches and health numbers.
/// </summary>
public sealed record DeploymentEventView(Guid Id, Guid? DeploymentId, DateTime At, string Kind, string Actor, string? Reason, string? Before, string? After, JsonElement? Evidence)
{
    public static DeploymentEventView From(DeploymentEvent e) => new(
        e.Id, e.DeploymentId, e.At, e.Kind, e.Actor, e.Reason, e.Before, e.After,
        e.Evidence is null ? null : JsonDocument.Parse(e.Evidence).RootElement.Clone());
}

/// <summary>A manual-mode breach waiting for a person: roll back, or dismiss it with a reason.</summary>
public sealed record DeploymentAlertView(Guid Id, Guid DeploymentId, string Model, string CandidateVersion, DateTime At, string Summary, JsonElement? Evidence);

/// <summary>One version's health over the window, as numbers a person reads (rates in percent).</summary>
/// <param name="Breaches">The limits of the active policy this version breaks now (empty when healthy or not yet judged).</param>
/// <param name="Judged">False while the version has fewer requests than the policy's minimum sample count.</param>
public sealed record VersionHealthView(
    string Version,
    int Requests,
    int Errors,
    double ErrorRatePercent,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    int AccuracySamples,
    double? AccuracyPercent,
    int MaeSamples,
    double? Mae,
    bool Judged,
    IReadOnlyList<string> Breaches)
{
    public static VersionHealthView From(VersionHealth h, int minSamples, IReadOnlyList<string> breaches) => new(
        h.Version, h.Requests, h.Errors, h.ErrorRate * 100, h.LatencyP50Ms, h.LatencyP95Ms,
        h.AccuracySamples, h.Accuracy * 100, h.MaeSamples, h.Mae, h.Requests >= minSamples, breaches);
}

/// <summary>One row of the dashboard's deployments column.</summary>
public sealed record ServingSummary(string Model, string? StableVersion, string Split, string? Strategy, string? CandidateVersion, string Status, int OpenAlerts);

/// <summary>What one health evaluation of a model did (the periodic evaluator's log line; tests read it).</summary>
/// <param name="Action">None, RollBack, StepDown, Alert, Advanced, or Conflict (a concurrent change won; judged again next time).</param>
public sealed record EvaluationOutcome(string Model, HealthVerdict Verdict, string Action, string? Detail);
