using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// How a change to what a model serves is written down: one <see cref="DeploymentEvent"/> (the history the page reads)
/// and one audit event with the serving state before and after, both on the caller's unit of work so they commit with
/// the change. The one writer for the deployment engine and for the registry's integrity fallback.
/// </summary>
internal static class DeploymentLedger
{
    /// <summary>The serving state an audit event stores as before/after.</summary>
    internal sealed record Snapshot(string? StableVersion, string Split, IReadOnlyList<string> ShadowVersions, Guid? ActiveDeploymentId, decimal CandidateCapPercent);

    internal static Snapshot? Capture(ModelServing? serving) => serving is null ? null : new Snapshot(
        serving.StableVersion,
        string.Join(", ", serving.Shares.Select(s => $"{s.Version} {TrafficPercent.FromTenths(s.Tenths)} %")),
        [.. serving.ShadowVersions],
        serving.ActiveDeploymentId,
        serving.CandidateCap.Value);

    /// <summary>Marks the row changed (new stamp, time, person) so a concurrent writer holding the old stamp gets a conflict.</summary>
    internal static void Touch(ModelServing serving, Actor actor, DateTime now)
    {
        serving.ConcurrencyStamp = Guid.NewGuid();
        serving.UpdatedAt = now;
        serving.UpdatedBy = actor.Name;
    }

    internal static DeploymentEvent Record(
        PortalDbContext db,
        AuditTrail audit,
        ModelServing serving,
        Guid? deploymentId,
        string kind,
        Actor actor,
        string? reason,
        Snapshot? before,
        object? evidence,
        DateTime now)
    {
        var after = Capture(serving);
        var e = new DeploymentEvent
        {
            ModelId = serving.ModelId,
            DeploymentId = deploymentId,
            At = now,
            Kind = kind,
            Actor = ActorText(actor),
            Reason = reason,
            Before = before?.Split,
            After = after?.Split,
            Evidence = evidence is null ? null : Json.Serialize(evidence),
        };
        db.DeploymentEvents.Add(e);
        audit.Record(db, actor, $"deployment.{kind}", "deployment", serving.ModelName, before, after is null ? null : new { serving = after, deploymentId, evidence }, reason);
        return e;
    }

    private static string ActorText(Actor actor) => actor.KeyName is { } key ? $"{actor.Name} (API key {key})" : actor.Name;
}
