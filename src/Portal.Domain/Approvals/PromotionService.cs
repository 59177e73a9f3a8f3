using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
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
    IOptions<ApprovalOptions> options)
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
        };
        db.PromotionRequests.Add(request);
        var view = PromotionView.From(request);
        audit.Record(db, actor, "promotion.requested", "promotion", request.Id.ToString(), null, view, request.Justification);
        await db.SaveChangesAsync(ct);
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

    public async Task<PromotionDetail> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var r = await db.PromotionRequests.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw DomainException.NotFound($"No promotion request {id}.");
        var candidate = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.Id == r.VersionId, ct);
        var production = await CurrentProductionAsync(db, r.ModelId, ct);
        var candidateView = VersionView.From(r.ModelName, candidate);
        var productionView = production is null || production.Id == candidate.Id ? null : VersionView.From(r.ModelName, production);
        var comparison = productionView is null ? null : VersionComparer.Compare([candidateView, productionView]);
        return new PromotionDetail(PromotionView.From(r), candidateView, productionView, comparison);
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
        if (r.Status != PromotionStatus.Pending)
        {
            throw DomainException.Conflict($"This request is already {r.Status.ToString().ToLowerInvariant()}.");
        }

        if (string.Equals(r.RequestedBy, actor.Id, StringComparison.Ordinal))
        {
            throw DomainException.Forbidden("Four eyes: you cannot decide your own promotion request.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (r.ExpiresAt < now)
        {
            throw DomainException.Conflict("This request has expired; ask for a new one.");
        }

        var before = PromotionView.From(r);
        r.Status = approve ? PromotionStatus.Approved : PromotionStatus.Rejected;
        r.DecidedBy = actor.Name;
        r.DecidedAt = now;
        r.DecisionReason = reason.Trim();
        r.ConcurrencyStamp = Guid.NewGuid();

        if (approve)
        {
            await ApplyAsync(db, r, actor, ct);
        }

        var after = PromotionView.From(r);
        audit.Record(db, actor, approve ? "promotion.approved" : "promotion.rejected", "promotion", r.Id.ToString(), before, after, r.DecisionReason);
        await ModelRegistry.SaveConcurrentAsync(db, ct);
        return after;
    }

    /// <summary>Moves the version; into Production, the previous Production version is archived in the same transaction.</summary>
    private async Task ApplyAsync(PortalDbContext db, PromotionRequest r, Actor actor, CancellationToken ct)
    {
        var model = await db.Models.SingleAsync(m => m.Id == r.ModelId, ct);
        var v = await db.ModelVersions.SingleAsync(x => x.Id == r.VersionId, ct);
        if (v.Stage != r.FromStage)
        {
            throw DomainException.Conflict($"{r.ModelName} {r.Version} moved to {v.Stage} since the request was made; ask for a new one.");
        }

        if (!v.Healthy || !await artifacts.VerifyAsync(v.Sha256, ct))
        {
            throw new DomainException(FailureKind.Integrity, $"{r.ModelName} {r.Version} failed its artifact integrity check and cannot be promoted.");
        }

        var reason = $"Promotion request approved: {r.DecisionReason}";
        if (r.TargetStage == Stage.Production)
        {
            var previous = await db.ModelVersions.Where(x => x.ModelId == r.ModelId && x.Stage == Stage.Production && x.Id != v.Id).ToListAsync(ct);
            foreach (var p in previous)
            {
                registry.MoveStage(db, model, p, Stage.Archived, actor, $"Replaced in Production by {v.Version}", r.Id);
            }

            // Bumping the model's token makes two simultaneous Production promotions of one model conflict.
            model.ConcurrencyStamp = Guid.NewGuid();
        }

        StageRules.EnsureAllowed(v.Stage, r.TargetStage);
        registry.MoveStage(db, model, v, r.TargetStage, actor, reason, r.Id);
    }

    private static Task<ModelVersion?> CurrentProductionAsync(PortalDbContext db, Guid modelId, CancellationToken ct) =>
        db.ModelVersions.AsNoTracking().Where(v => v.ModelId == modelId && v.Stage == Stage.Production)
            .OrderByDescending(v => v.CreatedAt).FirstOrDefaultAsync(ct);
}
