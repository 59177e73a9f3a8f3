using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>"One Production version per model": completing a rollout on approval, and adopting older Production versions.</summary>
public sealed partial class DeploymentService
{
    /// <summary>
    /// Called by the approval of a Production promotion, inside its transaction (not saved here): the candidate becomes
    /// Production with 100 %, the previous Production version is Archived and stays listed at 0 % as the rollback
    /// target, the rollout of that candidate is Completed (another one in progress is Superseded). A model's first
    /// Production version creates its serving row. Call <see cref="Notify"/> after the commit.
    /// </summary>
    internal async Task CompleteRolloutAsync(PortalDbContext db, Model model, ModelVersion candidate, Actor actor, string reason, Guid requestId, CancellationToken ct)
    {
        var now = Now;
        var previous = await db.ModelVersions.Where(x => x.ModelId == model.Id && x.Stage == Stage.Production && x.Id != candidate.Id).ToListAsync(ct);
        foreach (var p in previous)
        {
            await registry.MoveStageAsync(db, model, p, Stage.Archived, actor, $"Replaced in Production by {candidate.Version}", requestId, ct);
        }

        StageRules.EnsureAllowed(candidate.Stage, Stage.Production);
        await registry.MoveStageAsync(db, model, candidate, Stage.Production, actor, reason, requestId, ct);

        var serving = await db.ModelServing.SingleOrDefaultAsync(s => s.ModelId == model.Id, ct);
        var before = DeploymentLedger.Capture(serving);
        var previousStable = serving?.StableVersion ?? previous.OrderByDescending(p => p.SemVer).FirstOrDefault()?.Version;
        if (serving is null)
        {
            serving = NewServing(model, candidate.Version, actor, now);
            db.ModelServing.Add(serving);
        }

        var active = await ActiveAsync(db, serving, ct);
        Deployment completed;
        if (active is not null && string.Equals(active.CandidateVersion, candidate.Version, StringComparison.Ordinal))
        {
            completed = active;
        }
        else
        {
            await SupersedeAsync(db, serving, $"{candidate.Version} was promoted to Production.", actor, now, ct);
            completed = new Deployment
            {
                ModelId = model.Id,
                ModelName = model.Name,
                Strategy = DeploymentStrategy.Full,
                CandidateVersion = candidate.Version,
                StableVersion = previousStable,
                CreatedBy = actor.Name,
                CreatedAt = now,
            };
            db.Deployments.Add(completed);
        }

        completed.Status = DeploymentStatus.Completed;
        completed.EndedAt = now;
        completed.EndReason = $"Approved Production promotion: {candidate.Version} takes all traffic.";
        completed.StableVersion ??= previousStable;
        completed.ConcurrencyStamp = Guid.NewGuid();

        // The previous Production version stays listed at 0 %: loaded, no traffic, the instant rollback target.
        var split = previousStable is null || previousStable == candidate.Version
            ? TrafficAllocation.Single(candidate.Version)
            : TrafficAllocation.Canary(candidate.Version, previousStable, TrafficPercent.Zero);
        serving.SetAllocation(split);
        serving.ShadowVersions = [];
        serving.StableVersion = candidate.Version;
        serving.ActiveDeploymentId = null;
        DeploymentLedger.Touch(serving, actor, now);
        DeploymentLedger.Record(db, audit, serving, completed.Id, "completed", actor, reason, before,
            new { promotionRequestId = requestId, production = candidate.Version, previous = previousStable }, now);
    }

    /// <summary>
    /// Start-up: every model whose Production version predates the deployment engine (no serving row) gets one with
    /// that version at 100 %, audited as a system <c>adopted</c> event, so "has a Production version" and "is deployed"
    /// never disagree. Returns how many rows it created.
    /// </summary>
    public async Task<int> AdoptProductionVersionsAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var missing = await db.Models.AsNoTracking()
            .Where(m => !db.ModelServing.Any(s => s.ModelId == m.Id) && db.ModelVersions.Any(v => v.ModelId == m.Id && v.Stage == Stage.Production))
            .ToListAsync(ct);
        var now = Now;
        foreach (var model in missing)
        {
            var serving = NewServing(model, (await ProductionVersionAsync(db, model.Id, ct))!, Actor.System, now);
            db.ModelServing.Add(serving);
            DeploymentLedger.Record(db, audit, serving, null, "adopted", Actor.System, $"{serving.StableVersion} was in Production before deployments were tracked; it serves all traffic.", null, null, now);
        }

        if (missing.Count > 0)
        {
            await SaveAsync(db, ct);
        }

        return missing.Count;
    }
}
