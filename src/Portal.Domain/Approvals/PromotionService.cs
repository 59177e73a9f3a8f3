using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Domain.Storage.Artifacts;

namespace ModelLifecycle.Domain.Approvals;

/// <summary>
/// Promotion requests and their decisions. Four eyes: the requester never decides their own request. Concurrent
/// decisions on one request resolve through its concurrency token: exactly one wins, the other gets a conflict.
/// </summary>
public sealed class PromotionService(
    IDbContextFactory<PortalDbContext> contexts,
    ModelRegistry registry,
    IArtifactStore artifacts,
    AuditTrail audit,
    TimeProvider clock,
    IOptions<ApprovalOptions> options,
    DeploymentService deployments)
{
    public async Task<PromotionView> RequestAsync(string modelName, string version, string? targetStage, string? justification, Actor actor, CancellationToken ct)
    {
        ModelRegistry.RequireEngineer(actor);
        var target = StageRules.ParseStage(targetStage);
        if (!StageRules.IsPromotionTarget(target))
        {
            throw DomainException.Invalid($"A promotion request targets Staging or Production, not {target}.");
        }

        if (string.IsNullOrWhiteSpace(justification))
        {
            throw DomainException.Invalid("A promotion request needs a justification.");
        }

        FieldLimits.Check(justification.Trim(), FieldLimits.Justification, "justification");

        await using var db = await contexts.CreateDbContextAsync(ct);
        var (model, v) = await ModelRegistry.FindVersionAsync(db, modelName, version, ct);
        StageRules.EnsureAllowed(v.Stage, target);
        if (await db.PromotionRequests.AnyAsync(r => r.VersionId == v.Id && r.Status == PromotionStatus.Pending, ct))
        {
            throw DomainException.Conflict($"{model.Name} {v.Version} already has a pending promotion request.");
        }

        var intact = await artifacts.VerifyAsync(v.Sha256, ct);
        if (!intact)
        {
            await registry.MarkUnhealthyAsync(model.Name, v.Id, "Integrity check failed while building a promotion checklist.", actor, ct);
        }

        var production = await CurrentProductionAsync(db, model.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var request = new PromotionRequest
        {
            ModelId = model.Id,
            ModelName = model.Name,
            VersionId = v.Id,
            Version = v.Version,
            FromStage = v.Stage,
            TargetStage = target,
            Justification = justification.Trim(),
            RequestedBy = actor.Id,
            RequestedByName = actor.Name,
            RequestedAt = now,
            ExpiresAt = now + options.Value.RequestLifetime,
            Checklist = PromotionChecklist.Build(model, v, intact, production, await DriftService.LatestAsync(db, model.Id, ct)),
            ProductionVersionAtRequest = production?.Version,
        };
        db.PromotionRequests.Add(request);
        var view = PromotionView.From(request);
        audit.Record(db, actor, "promotion.requested", "promotion", request.Id.ToString(), null, view, request.Justification);

        // The check above answers the common case kindly; the filtered unique index (one Pending row per version)
        // decides the race between simultaneous requests.
        await ModelRegistry.SaveUniqueAsync(db, $"{model.Name} {v.Version} already has a pending promotion request.", ct);
        return view;
    }

    public Task<PromotionView> ApproveAsync(Guid id, string? reason, Actor actor, CancellationToken ct) => DecideAsync(id, approve: true, reason, actor, ct);

    public Task<PromotionView> RejectAsync(Guid id, string? reason, Actor actor, CancellationToken ct) => DecideAsync(id, approve: false, reason, actor, ct);

    public async Task<Paged<PromotionView>> ListAsync(string? status, string? modelName, PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var q = db.PromotionRequests.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(status))
        {
            var s = StrictEnum.Parse<PromotionStatus>(status, "status");
            q = q.Where(r => r.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(modelName))
        {
            q = q.Where(r => r.ModelName == modelName);
        }

        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(r => r.RequestedAt).ThenBy(r => r.Id).Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        return new Paged<PromotionView>(rows.Select(PromotionView.From).ToList(), total, page.SafePage, page.SafeSize);
    }

    /// <summary>
    /// The request with its checklist evaluated again now, what changed since filing, and whether
    /// <paramref name="actor"/> may decide and approve it. A failed integrity check marks the version unhealthy.
    /// </summary>
    public async Task<PromotionDetail> GetAsync(Guid id, Actor actor, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var r = await db.PromotionRequests.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw DomainException.NotFound($"No promotion request {id}.");
        var live = await EvaluateAsync(db, r, track: false, ct);
        if (r.Status == PromotionStatus.Pending)
        {
            await RecordIntegrityFailureAsync(r, live, actor, ct);
        }

        var candidateView = VersionView.From(r.ModelName, live.Candidate);
        var productionView = live.Production is null ? null : VersionView.From(r.ModelName, live.Production);
        var comparison = productionView is null ? null : VersionComparer.Compare([candidateView, productionView]);
        var productionNow = live.Production?.Version ?? (live.Candidate.Stage == Stage.Production ? live.Candidate.Version : null);
        var canDecide = r.CanBeDecidedBy(actor, clock.GetUtcNow().UtcDateTime);
        return new PromotionDetail(
            PromotionView.From(r), candidateView, productionView, comparison,
            PromotionChecklist.Compare(r.Checklist, live.Checklist),
            live.Candidate.Stage,
            live.Candidate.Stage != r.FromStage,
            productionNow,
            !string.Equals(productionNow, r.ProductionVersionAtRequest, StringComparison.Ordinal),
            canDecide,
            ApprovalRight(r, canDecide, live));
    }

    public async Task<ApprovalPolicy> ApprovalPolicyAsync(string modelName, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        return new ApprovalPolicy(model.MetricGateBlocking, model.CriticalDriftBlocking);
    }

    /// <summary>Admins decide per model whether a failed metric gate or a failed drift check refuses approval.</summary>
    public async Task<ApprovalPolicy> SetApprovalPolicyAsync(string modelName, ApprovalPolicyInput? input, Actor actor, CancellationToken ct)
    {
        if (!actor.Roles.Contains(PortalRoles.Admin))
        {
            throw DomainException.Forbidden("Only Admins may change a model's approval policy.");
        }

        var gate = input?.MetricGateBlocking ?? throw DomainException.Invalid("'metricGateBlocking' is required (true or false).");
        var drift = input.CriticalDriftBlocking ?? throw DomainException.Invalid("'criticalDriftBlocking' is required (true or false).");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct, track: true);
        var before = new ApprovalPolicy(model.MetricGateBlocking, model.CriticalDriftBlocking);
        var after = new ApprovalPolicy(gate, drift);
        model.MetricGateBlocking = gate;
        model.CriticalDriftBlocking = drift;
        audit.Record(db, actor, "model.approval_policy_changed", "model", model.Name, before, after);
        await ModelRegistry.SaveConcurrentAsync(db, ct);
        return after;
    }

    /// <summary>Marks pending requests past their expiry as expired (run by a recurring job).</summary>
    public async Task<int> ExpireStaleAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = await db.PromotionRequests.Where(r => r.Status == PromotionStatus.Pending && r.ExpiresAt < now).ToListAsync(ct);
        foreach (var r in stale)
        {
            var before = PromotionView.From(r);
            r.Status = PromotionStatus.Expired;
            r.DecidedAt = now;
            r.DecidedBy = Actor.System.Name;
            r.DecisionReason = "Expired without a decision.";
            r.ConcurrencyStamp = Guid.NewGuid();
            audit.Record(db, Actor.System, "promotion.expired", "promotion", r.Id.ToString(), before, PromotionView.From(r), r.DecisionReason);
        }

        if (stale.Count > 0)
        {
            await ModelRegistry.SaveConcurrentAsync(db, ct);
        }

        return stale.Count;
    }

    private async Task<PromotionView> DecideAsync(Guid id, bool approve, string? reason, Actor actor, CancellationToken ct)
    {
        actor.RequirePerson("decide promotion requests");
        if (!actor.CanApprove)
        {
            throw DomainException.Forbidden("Only Approvers may decide promotion requests.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw DomainException.Invalid("A decision needs a reason.");
        }

        FieldLimits.Check(reason.Trim(), FieldLimits.Reason, "reason");

        await using var db = await contexts.CreateDbContextAsync(ct);
        var r = await db.PromotionRequests.SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw DomainException.NotFound($"No promotion request {id}.");
        var now = clock.GetUtcNow().UtcDateTime;
        r.CanBeDecidedBy(actor, now).ThrowIfRefused();

        // The decision rests on live evidence: the checklist is evaluated again now and stored with the decision.
        var live = await EvaluateAsync(db, r, track: approve, ct);
        await RecordIntegrityFailureAsync(r, live, actor, ct);
        if (approve)
        {
            ApprovalRight(r, DecisionRight.Granted, live).ThrowIfRefused();
        }

        var before = PromotionView.From(r);
        r.Decide(approve, actor, reason, live.Checklist, now);
        if (approve)
        {
            await ApplyAsync(db, r, live, actor, ct);
        }

        var after = PromotionView.From(r);
        audit.Record(db, actor, approve ? "promotion.approved" : "promotion.rejected", "promotion", r.Id.ToString(), before, after, r.DecisionReason);
        await ModelRegistry.SaveConcurrentAsync(db, ct);
        if (approve && r.TargetStage == Stage.Production)
        {
            deployments.Notify(r.ModelId);
        }

        return after;
    }

    /// <summary>Approval needs, beyond the right to decide: the version still where it was, an intact artifact, no failed blocking check.</summary>
    private static DecisionRight ApprovalRight(PromotionRequest r, DecisionRight canDecide, LiveEvaluation live)
    {
        if (!canDecide.Allowed)
        {
            return canDecide;
        }

        if (live.Candidate.Stage != r.FromStage)
        {
            return DecisionRight.Refused(DecisionRefusal.VersionMoved, $"{r.ModelName} {r.Version} moved to {live.Candidate.Stage} since the request was made; ask for a new one.");
        }

        if (!live.Intact)
        {
            return DecisionRight.Refused(DecisionRefusal.Integrity, $"{r.ModelName} {r.Version} failed its artifact integrity check and cannot be promoted.");
        }

        var blocking = live.Checklist.Where(i => i.Blocking && i.Outcome == CheckOutcome.Failed).ToList();
        return blocking.Count == 0
            ? DecisionRight.Granted
            : DecisionRight.Refused(DecisionRefusal.BlockingCheck, $"Approval is blocked by this model's policy: {string.Join(" ", blocking.Select(b => $"{b.Name}: {b.Detail}"))}");
    }

    /// <summary>The model, the candidate, the current Production version (other than the candidate) and the checklist as they are now.</summary>
    private async Task<LiveEvaluation> EvaluateAsync(PortalDbContext db, PromotionRequest r, bool track, CancellationToken ct)
    {
        var models = track ? db.Models : db.Models.AsNoTracking();
        var versions = track ? db.ModelVersions : db.ModelVersions.AsNoTracking();
        var model = await models.SingleAsync(m => m.Id == r.ModelId, ct);
        var candidate = await versions.SingleAsync(v => v.Id == r.VersionId, ct);
        var intact = candidate.Healthy && await artifacts.VerifyAsync(candidate.Sha256, ct);
        var production = await CurrentProductionAsync(db, r.ModelId, ct);
        if (production?.Id == candidate.Id)
        {
            production = null;
        }

        var checklist = PromotionChecklist.Build(model, candidate, intact, production, await DriftService.LatestAsync(db, r.ModelId, ct));
        return new LiveEvaluation(model, candidate, production, intact, checklist);
    }

    /// <summary>
    /// A hash mismatch found now marks the version unhealthy with an <c>artifact.integrity_failed</c> event, saved in
    /// its own transaction so it stays recorded when the decision that found it is refused.
    /// </summary>
    private async Task RecordIntegrityFailureAsync(PromotionRequest r, LiveEvaluation live, Actor actor, CancellationToken ct)
    {
        if (!live.Intact && live.Candidate.Healthy)
        {
            await registry.MarkUnhealthyAsync(r.ModelName, live.Candidate.Id, $"Integrity check failed while evaluating promotion request {r.Id}.", actor, ct);
        }
    }

    /// <summary>
    /// Moves the version. Into Production, the deployment engine completes the rollout in the same transaction (the
    /// candidate takes 100 %, the previous Production version is archived and kept as the rollback target).
    /// </summary>
    private async Task ApplyAsync(PortalDbContext db, PromotionRequest r, LiveEvaluation live, Actor actor, CancellationToken ct)
    {
        var (model, v) = (live.Model, live.Candidate);
        var reason = $"Promotion request approved: {r.DecisionReason}";
        if (r.TargetStage == Stage.Production)
        {
            await deployments.CompleteRolloutAsync(db, model, v, actor, reason, r.Id, ct);

            // Bumping the model's token makes two simultaneous Production promotions of one model conflict.
            model.ConcurrencyStamp = Guid.NewGuid();
            return;
        }

        StageRules.EnsureAllowed(v.Stage, r.TargetStage);
        await registry.MoveStageAsync(db, model, v, r.TargetStage, actor, reason, r.Id, ct);
    }

    private sealed record LiveEvaluation(Model Model, ModelVersion Candidate, ModelVersion? Production, bool Intact, List<ChecklistItem> Checklist);

    private static Task<ModelVersion?> CurrentProductionAsync(PortalDbContext db, Guid modelId, CancellationToken ct) =>
        db.ModelVersions.AsNoTracking().Where(v => v.ModelId == modelId && v.Stage == Stage.Production)
            .OrderByDescending(v => v.CreatedAt).FirstOrDefaultAsync(ct);
}
