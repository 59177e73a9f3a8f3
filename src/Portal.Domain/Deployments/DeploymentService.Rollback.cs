using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>Rollback by a person, automatic rollback by the policy, manual-mode alerts and auto-advance.</summary>
public sealed partial class DeploymentService
{
    internal const string AlertKind = "breach_alert";
    internal const string DismissedKind = "alert_dismissed";

    /// <summary>
    /// Rolls back by hand (Engineers, no approval; a reason is required). With a rollout in progress, or any traffic or
    /// shadow on a version other than the stable one, everything goes back to the stable version. After a completed
    /// rollout, the previous Production version (kept as the rollback target) is restored to Production with 100 %
    /// and the rolled-back version is Archived, both audited stage moves.
    /// </summary>
    public async Task<ServingView> RollbackAsync(string modelName, string? reason, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw DomainException.Invalid("reason: a rollback needs a reason.");
        }

        reason = FieldLimits.Check(reason.Trim(), FieldLimits.Reason, "reason")!;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct, track: true);
        var serving = await RequireServingAsync(db, model, ct);
        var stable = serving.StableVersion!;
        var active = await ActiveAsync(db, serving, ct);
        var now = Now;
        var before = DeploymentLedger.Capture(serving);
        var evidence = await HealthEvidenceAsync(db, model, serving, active?.Policy ?? RollbackPolicy.Default, ct);
        if (active is not null || HasCandidateTraffic(serving) || serving.ShadowVersions.Count > 0)
        {
            serving.SetAllocation(TrafficAllocation.Single(stable));
            serving.ShadowVersions = [];
            serving.ActiveDeploymentId = null;
            if (active is not null)
            {
                End(active, DeploymentStatus.RolledBack, reason, now);
            }

            DeploymentLedger.Touch(serving, actor, now);
            DeploymentLedger.Record(db, audit, serving, active?.Id, "rolled_back", actor, reason, before, evidence, now);
            if (active is not null)
            {
                await AlertLedger.AcknowledgeOpenAsync(db, audit, Monitoring.AlertKind.RollbackBreach, AlertSources.Deployment, active.Id.ToString(), actor, $"Rolled back: {reason}", now, ct);
            }
        }
        else
        {
            var target = await RollbackTargetAsync(db, model.Id, serving, ct)
                ?? throw DomainException.Conflict($"Nothing to roll back: {stable} serves all traffic and no earlier Production version is kept as a rollback target.");
            var (completed, previous) = target;
            var current = await db.ModelVersions.SingleAsync(v => v.ModelId == model.Id && v.Version == stable, ct);
            await registry.MoveStageAsync(db, model, current, Stage.Archived, actor, $"Rolled back: {reason}", null, ct);
            await registry.MoveStageAsync(db, model, previous, Stage.Production, actor, $"Rollback to the previous Production version: {reason}", null, ct);
            model.ConcurrencyStamp = Guid.NewGuid();
            End(completed, DeploymentStatus.RolledBack, reason, now);
            serving.SetAllocation(TrafficAllocation.Single(previous.Version));
            serving.StableVersion = previous.Version;
            DeploymentLedger.Touch(serving, actor, now);
            DeploymentLedger.Record(db, audit, serving, completed.Id, "rolled_back", actor, reason, before, evidence, now);
            await AlertLedger.AcknowledgeOpenAsync(db, audit, Monitoring.AlertKind.RollbackBreach, AlertSources.Deployment, completed.Id.ToString(), actor, $"Rolled back: {reason}", now, ct);
        }

        await SaveAsync(db, ct);
        changes.Notify(model.Id);
        return await ViewAsync(db, model, ct);
    }

    /// <summary>Closes an open manual-mode alert without moving traffic (the person judged the breach acceptable).</summary>
    public async Task<ServingView> DismissAlertAsync(string modelName, Guid alertId, string? reason, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw DomainException.Invalid("reason: dismissing an alert needs a reason.");
        }

        reason = FieldLimits.Check(reason.Trim(), FieldLimits.Reason, "reason")!;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var serving = await RequireServingAsync(db, model, ct);
        var open = await OpenAlertsAsync(db, serving, ct);
        var alert = open.SingleOrDefault(a => a.Id == alertId)
            ?? throw DomainException.NotFound($"'{model.Name}' has no open alert {alertId}.");
        var now = Now;
        var before = DeploymentLedger.Capture(serving);
        DeploymentLedger.Touch(serving, actor, now);
        DeploymentLedger.Record(db, audit, serving, alert.DeploymentId, DismissedKind, actor, reason, before, new { alertId }, now);
        await AlertLedger.AcknowledgeOpenAsync(db, audit, Monitoring.AlertKind.RollbackBreach, AlertSources.Deployment, alert.DeploymentId.ToString(), actor, reason, now, ct);
        await SaveAsync(db, ct);
        return await ViewAsync(db, model, ct);
    }

    /// <summary>
    /// The Alerts page's side of a breach: acknowledging a <see cref="Monitoring.AlertKind.RollbackBreach"/> alert dismisses
    /// the rollout's open breach on the caller's unit of work, as <see cref="DismissAlertAsync"/> does, so the deployment
    /// page and the Alerts page never disagree. Nothing happens when the rollout has ended or no breach is open.
    /// </summary>
    internal async Task DismissBreachAsync(PortalDbContext db, Guid modelId, Guid deploymentId, string reason, Actor actor, DateTime now, CancellationToken ct)
    {
        var serving = await db.ModelServing.SingleOrDefaultAsync(s => s.ModelId == modelId, ct);
        if (serving is null || serving.ActiveDeploymentId != deploymentId)
        {
            return;
        }

        var open = await OpenAlertsAsync(db, serving, ct);
        if (open.Count == 0)
        {
            return;
        }

        var before = DeploymentLedger.Capture(serving);
        DeploymentLedger.Touch(serving, actor, now);
        DeploymentLedger.Record(db, audit, serving, deploymentId, DismissedKind, actor, reason, before, new { alertId = open[0].Id }, now);
    }

    /// <summary>Evaluates every deployed model once (the periodic evaluator calls this every <c>HealthInterval</c>).</summary>
    public async Task<IReadOnlyList<EvaluationOutcome>> EvaluateAllAsync(CancellationToken ct)
    {
        List<string> names;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var rows = await db.ModelServing.AsNoTracking().ToListAsync(ct);
            names = rows.Where(s => s.ActiveDeploymentId is not null || HasCandidateTraffic(s)).Select(s => s.ModelName).ToList();
        }

        var outcomes = new List<EvaluationOutcome>(names.Count);
        foreach (var name in names)
        {
            outcomes.Add(await EvaluateAsync(name, ct));
        }

        return outcomes;
    }

    /// <summary>
    /// Judges one model's candidates over the health window against the active rollout's policy (the default policy
    /// for traffic set by hand without a rollout) and acts: immediate rollback, one gradual step down, a manual-mode
    /// alert, or, while healthy, the canary's next scheduled step (never the last, which needs a promotion).
    /// </summary>
    public async Task<EvaluationOutcome> EvaluateAsync(string modelName, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var serving = await db.ModelServing.SingleOrDefaultAsync(s => s.ModelId == model.Id, ct);
        if (serving?.StableVersion is not { } stable)
        {
            return new EvaluationOutcome(model.Name, HealthVerdict.Healthy, "None", "Not deployed.");
        }

        var active = await ActiveAsync(db, serving, ct);
        var policy = active?.Policy ?? RollbackPolicy.Default;
        var allocation = serving.Allocation();
        var now = clock.GetUtcNow();
        var health = await ReadHealthAsync(db, model, allocation.Shares.Select(s => s.Version).Append(stable).Distinct().ToList(), now, ct);
        var decision = RollbackEvaluator.Evaluate(policy, allocation, stable, health);
        var evidence = Evidence(decision, health, policy);
        var before = DeploymentLedger.Capture(serving);
        var at = now.UtcDateTime;
        string action;
        switch (decision.Action)
        {
            case RollbackAction.RollBack or RollbackAction.StepDown:
                serving.SetAllocation(decision.NewAllocation!);
                DeploymentLedger.Touch(serving, Actor.System, at);
                var rolledBack = decision.Action == RollbackAction.RollBack;
                DeploymentLedger.Record(db, audit, serving, active?.Id, rolledBack ? "rolled_back" : "stepped_down", Actor.System,
                    $"{(rolledBack ? "Automatic rollback" : "Gradual rollback step")} ({policy.Mode} policy): {decision.Evidence}", before, evidence, at);
                if (active is not null && decision.NewAllocation!.ShareOf(active.CandidateVersion).IsZero && active.Strategy == DeploymentStrategy.Canary)
                {
                    End(active, DeploymentStatus.RolledBack, $"Rolled back by the {policy.Mode} policy: {decision.Evidence}", at);
                    serving.ActiveDeploymentId = null;
                }

                action = decision.Action.ToString();
                break;
            case RollbackAction.Alert when active is not null:
                if (!await AlertDueAsync(db, serving, active, at, ct))
                {
                    return new EvaluationOutcome(model.Name, decision.Verdict, "None", "An alert for this breach is open or was dismissed within the window.");
                }

                DeploymentLedger.Record(db, audit, serving, active.Id, AlertKind, Actor.System, $"Breach under a manual policy, waiting for a person: {decision.Evidence}", before, evidence, at);
                AlertLedger.Raise(db, audit, model.Id, model.Name, active.CandidateVersion, Monitoring.AlertKind.RollbackBreach, AlertSeverity.Critical,
                    $"{model.Name}: deployment of {active.CandidateVersion} needs a decision: {decision.Evidence}", evidence, AlertSources.Deployment, active.Id.ToString(), at);
                action = "Alert";
                break;
            case RollbackAction.None when decision.Verdict == HealthVerdict.Healthy && active is { Strategy: DeploymentStrategy.Canary, AutoAdvanceEvery: { } every }
                && at - (active.LastAdvancedAt ?? active.CreatedAt) >= every
                && active.Plan().Next(allocation.ShareOf(active.CandidateVersion)) is { } next && next < TrafficPercent.Hundred && next <= serving.CandidateCap:
                await AdvanceToAsync(db, model.Id, serving, active, next, Actor.System, "Advanced on schedule while healthy.", ct);
                action = "Advanced";
                break;
            default:
                return new EvaluationOutcome(model.Name, decision.Verdict, "None", decision.Waiting.Count > 0 ? $"Waiting for samples: {string.Join(", ", decision.Waiting)}" : null);
        }

        try
        {
            await SaveAsync(db, ct);
        }
        catch (DomainException ex) when (ex.Kind == FailureKind.Conflict)
        {
            return new EvaluationOutcome(model.Name, decision.Verdict, "Conflict", "A concurrent change won; judged again at the next evaluation.");
        }

        if (action != "Alert")
        {
            changes.Notify(model.Id);
        }

        return new EvaluationOutcome(model.Name, decision.Verdict, action, decision.Evidence);
    }

    /// <summary>
    /// Open alerts: breach alerts of the rollout in progress that no dismissal (or rollback, which ends the rollout)
    /// followed. One is open at a time: a new one is raised only when none is open.
    /// </summary>
    private static async Task<List<DeploymentAlertView>> OpenAlertsAsync(PortalDbContext db, ModelServing serving, CancellationToken ct)
    {
        if (serving.ActiveDeploymentId is not { } id)
        {
            return [];
        }

        var events = await db.DeploymentEvents.AsNoTracking().Where(e => e.DeploymentId == id && (e.Kind == AlertKind || e.Kind == DismissedKind)).ToListAsync(ct);
        var lastDismissal = events.Where(e => e.Kind == DismissedKind).Select(e => (DateTime?)e.At).Max();
        var candidate = await db.Deployments.AsNoTracking().Where(d => d.Id == id).Select(d => d.CandidateVersion).SingleAsync(ct);
        return events.Where(e => e.Kind == AlertKind && (lastDismissal is null || e.At > lastDismissal))
            .OrderByDescending(e => e.At)
            .Select(e =>
            {
                var view = DeploymentEventView.From(e);
                return new DeploymentAlertView(e.Id, id, serving.ModelName, candidate, e.At, e.Reason ?? "", view.Evidence);
            }).ToList();
    }

    /// <summary>A new alert when none is open and the last dismissal is older than the window (its evidence has left it).</summary>
    private async Task<bool> AlertDueAsync(PortalDbContext db, ModelServing serving, Deployment active, DateTime now, CancellationToken ct)
    {
        if ((await OpenAlertsAsync(db, serving, ct)).Count > 0)
        {
            return false;
        }

        var since = now - options.Value.HealthWindow;
        return !await db.DeploymentEvents.AnyAsync(e => e.DeploymentId == active.Id && e.Kind == DismissedKind && e.At > since, ct);
    }

    /// <summary>The completed rollout whose previous Production version can be restored, if it still can serve.</summary>
    private static async Task<(Deployment Completed, ModelVersion Previous)?> RollbackTargetAsync(PortalDbContext db, Guid modelId, ModelServing serving, CancellationToken ct)
    {
        var latest = await db.Deployments.Where(d => d.ModelId == modelId).OrderByDescending(d => d.CreatedAt).FirstOrDefaultAsync(ct);
        if (latest is not { Status: DeploymentStatus.Completed, StableVersion: { } previousVersion }
            || !string.Equals(latest.CandidateVersion, serving.StableVersion, StringComparison.Ordinal))
        {
            return null;
        }

        var previous = await db.ModelVersions.SingleOrDefaultAsync(v => v.ModelId == modelId && v.Version == previousVersion, ct);
        return previous is { Healthy: true, Stage: Stage.Archived } ? (latest, previous) : null;
    }

    private static bool HasCandidateTraffic(ModelServing serving) =>
        serving.Shares.Any(s => s.Tenths > 0 && !string.Equals(s.Version, serving.StableVersion, StringComparison.Ordinal));

    private static void End(Deployment deployment, DeploymentStatus status, string reason, DateTime now)
    {
        deployment.Status = status;
        deployment.EndedAt = now;
        deployment.EndReason = reason.Length > FieldLimits.Reason ? reason[..FieldLimits.Reason] : reason;
        deployment.ConcurrencyStamp = Guid.NewGuid();
    }

    /// <summary>The numbers behind a decision: every breach, the health of every version and the policy, as stored evidence.</summary>
    private object Evidence(RollbackDecision decision, IReadOnlyDictionary<string, VersionHealth> health, RollbackPolicy policy) => new
    {
        breaches = decision.Breaches.Select(b => new { b.Version, metric = b.Metric.ToString(), b.Observed, b.Limit, text = b.Evidence }),
        health = health.Values.Select(h => VersionHealthView.From(h, policy.MinSamples, [])),
        policy = RollbackPolicyView.From(policy),
        windowSeconds = (int)options.Value.HealthWindow.TotalSeconds,
        waiting = decision.Waiting,
    };

    private async Task<object> HealthEvidenceAsync(PortalDbContext db, Model model, ModelServing serving, RollbackPolicy policy, CancellationToken ct)
    {
        var versions = serving.Shares.Select(s => s.Version).Concat(serving.ShadowVersions).Distinct().ToList();
        var health = await ReadHealthAsync(db, model, versions, clock.GetUtcNow(), ct);
        return new
        {
            breaches = Array.Empty<object>(),
            health = health.Values.Select(h => VersionHealthView.From(h, policy.MinSamples, [])),
            policy = RollbackPolicyView.From(policy),
            windowSeconds = (int)options.Value.HealthWindow.TotalSeconds,
        };
    }
}
