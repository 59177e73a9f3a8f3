using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// The deployment engine: what each model serves (<see cref="ModelServing"/>), its rollouts (<see cref="Deployment"/>)
/// and their history (<see cref="DeploymentEvent"/>). Every change writes an event and an audit event in the same
/// transaction, is guarded by the serving row's concurrency stamp (a concurrent change is a 409, so a committed split
/// always sums to 100 %), and tells the prediction path through <see cref="ServingChanges"/> after commit.
/// A non-Production version never gets 100 %: that happens only when an approved Production promotion completes the
/// rollout (<see cref="CompleteRolloutAsync"/>).
/// </summary>
public sealed partial class DeploymentService(
    IDbContextFactory<PortalDbContext> contexts,
    ModelRegistry registry,
    AuditTrail audit,
    TimeProvider clock,
    ServingChanges changes,
    IOptions<DeploymentOptions> options)
{
    private HealthWindow Window => new(options.Value.HealthWindow);

    /// <summary>Starts a rollout (canary, shadow, blue-green, or full for a version already in Production).</summary>
    public async Task<DeploymentView> DeployAsync(string modelName, DeployInput? input, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        if (input is null)
        {
            throw DomainException.Invalid("A deployment needs 'strategy' and 'candidateVersion'.");
        }

        var strategy = StrictEnum.Parse<DeploymentStrategy>(input.Strategy, "strategy");
        var version = input.CandidateVersion?.Trim();
        if (string.IsNullOrEmpty(version))
        {
            throw DomainException.Invalid("candidateVersion is required.");
        }

        var plan = input.Steps is null ? CanaryPlan.Default : CanaryPlan.Of(input.Steps);
        var policy = PolicyFrom(input.Policy);
        var requested = input.TrafficPercent is { } p ? TrafficPercent.Parse(p, "trafficPercent") : (TrafficPercent?)null;
        if (input.AutoAdvanceMinutes is { } minutes && (strategy != DeploymentStrategy.Canary || minutes is < 1 or > 10_080))
        {
            throw DomainException.Invalid(strategy != DeploymentStrategy.Canary
                ? "autoAdvanceMinutes: only a canary advances by steps."
                : $"autoAdvanceMinutes: {minutes} is not between 1 and 10080 (a week).");
        }

        FieldLimits.Check(input.Reason, FieldLimits.Reason, "reason");

        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var candidate = await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.ModelId == model.Id && v.Version == version, ct)
            ?? throw DomainException.NotFound($"'{model.Name}' has no version {version}.");
        if (!candidate.Healthy)
        {
            throw DomainException.Conflict($"{model.Name} {version} is unhealthy (its artifact failed an integrity check) and cannot be deployed.");
        }

        if (candidate.Stage == Stage.Archived)
        {
            throw DomainException.Conflict($"{model.Name} {version} is Archived and cannot serve; move it back to Staging first.");
        }

        var serving = await db.ModelServing.SingleOrDefaultAsync(s => s.ModelId == model.Id, ct);
        var now = Now;
        var stable = serving?.StableVersion ?? await ProductionVersionAsync(db, model.Id, ct);
        if (serving is null && stable is not null)
        {
            // A Production version from before the deployment engine: its serving row starts at 100 %.
            serving = NewServing(model, stable, actor, now);
            db.ModelServing.Add(serving);
        }

        TrafficAllocation allocation;
        List<string> shadows = [];
        var status = DeploymentStatus.Active;
        if (strategy == DeploymentStrategy.Full)
        {
            if (candidate.Stage != Stage.Production)
            {
                throw DomainException.Conflict(NeedsPromotion(model.Name, version, "A full rollout"));
            }

            if (serving!.ActiveDeploymentId is null && serving.Allocation().Equals(TrafficAllocation.Single(version)) && serving.ShadowVersions.Count == 0)
            {
                throw DomainException.Conflict($"{model.Name} {version} already serves all traffic.");
            }

            allocation = TrafficAllocation.Single(version);
            status = DeploymentStatus.Completed;
        }
        else
        {
            if (candidate.Stage == Stage.Production)
            {
                throw DomainException.Conflict($"{model.Name} {version} is the Production (stable) version already; deploy a Staging version as {strategy}.");
            }

            if (stable is null)
            {
                throw DomainException.Conflict(
                    $"'{model.Name}' has no Production version yet for a {strategy} to fall back on; its first version reaches traffic through an approved Production promotion " +
                    $"(request Production for {version}).");
            }

            if (strategy == DeploymentStrategy.Canary)
            {
                var share = requested ?? plan.First;
                if (share.IsZero)
                {
                    throw DomainException.Invalid("trafficPercent: a canary needs a share above 0.");
                }

                if (share == TrafficPercent.Hundred)
                {
                    throw DomainException.Conflict(NeedsPromotion(model.Name, version, "Giving a canary 100 %"));
                }

                allocation = TrafficAllocation.Canary(stable, version, share);
            }
            else
            {
                if (requested is { IsZero: false })
                {
                    throw DomainException.Invalid(strategy == DeploymentStrategy.Shadow
                        ? "trafficPercent: a shadow takes no traffic (it scores copies of requests); leave it out or send 0."
                        : $"trafficPercent: a blue-green candidate waits at 0 % until the switch, which is an approved Production promotion; {NeedsPromotion(model.Name, version, "The switch")}");
                }

                // Blue-green lists the candidate at 0 % ("green": loaded, no traffic); shadow scores copies.
                allocation = strategy == DeploymentStrategy.BlueGreen ? TrafficAllocation.Canary(stable, version, TrafficPercent.Zero) : TrafficAllocation.Single(stable);
                if (strategy == DeploymentStrategy.Shadow)
                {
                    shadows = [version];
                }
            }

            allocation = await CheckedAsync(db, model.Id, allocation, serving!.CandidateCap, ct);
        }

        var before = DeploymentLedger.Capture(serving);
        await SupersedeAsync(db, serving!, $"Replaced by a {strategy} rollout of {version}.", actor, now, ct);
        var deployment = new Deployment
        {
            ModelId = model.Id,
            ModelName = model.Name,
            Strategy = strategy,
            CandidateVersion = version,
            StableVersion = strategy == DeploymentStrategy.Full ? serving!.StableVersion : stable,
            Status = status,
            StepTenths = [.. plan.Steps.Select(s => s.Tenths)],
            AutoAdvanceEvery = input.AutoAdvanceMinutes is { } m ? TimeSpan.FromMinutes(m) : null,
            LastAdvancedAt = now,
            Policy = policy,
            CreatedBy = actor.Name,
            CreatedAt = now,
            EndedAt = status == DeploymentStatus.Completed ? now : null,
            EndReason = status == DeploymentStatus.Completed ? $"{version} is the Production version and takes all traffic." : null,
        };
        db.Deployments.Add(deployment);
        serving!.SetAllocation(allocation);
        serving.ShadowVersions = shadows;
        serving.StableVersion = strategy == DeploymentStrategy.Full ? version : stable;
        serving.ActiveDeploymentId = status == DeploymentStatus.Active ? deployment.Id : null;
        DeploymentLedger.Touch(serving, actor, now);
        DeploymentLedger.Record(db, audit, serving, deployment.Id, "deployed", actor,
            input.Reason ?? $"{strategy} of {version}" + (strategy == DeploymentStrategy.Canary ? $" at {allocation.ShareOf(version)} % (steps {plan})" : ""),
            before, new { strategy, candidateVersion = version, policy = RollbackPolicyView.From(policy) }, now);
        await SaveAsync(db, ct);
        changes.Notify(model.Id);
        return await DeploymentViewAsync(db, deployment, ct);
    }

    /// <summary>Sets the live split by hand (<c>PUT .../traffic</c>): every rule of <see cref="TrafficAllocation.Validate"/>, or a 400 and nothing changes.</summary>
    public async Task<ServingView> SetTrafficAsync(string modelName, TrafficInput? input, Guid? ifMatch, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        if (input?.Allocations is null || input.Allocations.Count == 0)
        {
            throw DomainException.Invalid("allocations: at least one version with its percent is required.");
        }

        var requested = new List<RequestedShare>(input.Allocations.Count);
        for (var i = 0; i < input.Allocations.Count; i++)
        {
            var share = input.Allocations[i] ?? throw DomainException.Invalid($"allocations[{i}] is empty.");
            var percent = share.Percent ?? throw DomainException.Invalid($"allocations[{i}].percent is required.");
            requested.Add(new RequestedShare(share.Version, percent));
        }

        FieldLimits.Check(input.Reason, FieldLimits.Reason, "reason");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var serving = await RequireServingAsync(db, model, ct);
        ExpectStamp(serving, ifMatch ?? input.ExpectedStamp);
        var names = requested.Select(r => r.Version?.Trim()).OfType<string>().ToList();
        var versions = await ServingVersionsAsync(db, model.Id, names, ct);
        var allocation = TrafficAllocation.Validate(requested, v => versions.GetValueOrDefault(v), serving.CandidateCap);
        if (allocation.Equals(serving.Allocation()))
        {
            return await ViewAsync(db, model, ct);
        }

        var now = Now;
        var before = DeploymentLedger.Capture(serving);
        serving.SetAllocation(allocation);
        DeploymentLedger.Touch(serving, actor, now);
        DeploymentLedger.Record(db, audit, serving, serving.ActiveDeploymentId, "traffic_changed", actor, input.Reason, before, null, now);
        await SaveAsync(db, ct);
        changes.Notify(model.Id);
        return await ViewAsync(db, model, ct);
    }

    /// <summary>Moves the active canary to its next step; the last step (100 %) needs an approved Production promotion.</summary>
    public async Task<ServingView> AdvanceAsync(string modelName, Guid? ifMatch, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var serving = await RequireServingAsync(db, model, ct);
        ExpectStamp(serving, ifMatch);
        var deployment = await ActiveAsync(db, serving, ct);
        if (deployment is not { Strategy: DeploymentStrategy.Canary })
        {
            throw DomainException.Conflict($"'{model.Name}' has no canary rollout in progress to advance.");
        }

        var next = deployment.Plan().Next(serving.Allocation().ShareOf(deployment.CandidateVersion))
            ?? throw DomainException.Conflict($"{model.Name} {deployment.CandidateVersion} is past its last step.");
        if (next == TrafficPercent.Hundred)
        {
            throw DomainException.Conflict(NeedsPromotion(model.Name, deployment.CandidateVersion, "The canary's last step (100 %)"));
        }

        await AdvanceToAsync(db, model.Id, serving, deployment, next, actor, "Advanced by hand.", ct);
        await SaveAsync(db, ct);
        changes.Notify(model.Id);
        return await ViewAsync(db, model, ct);
    }

    /// <summary>Sets the per-model ceiling for versions not in Production (Admins; below 100).</summary>
    public async Task<ServingView> SetCandidateCapAsync(string modelName, decimal? capPercent, Actor actor, CancellationToken ct)
    {
        if (!actor.Roles.Contains(PortalRoles.Admin))
        {
            throw DomainException.Forbidden("Only Admins may change a model's candidate cap.");
        }

        var cap = TrafficPercent.Parse(capPercent ?? throw DomainException.Invalid("candidateCapPercent is required."), "candidateCapPercent");
        if (cap >= TrafficPercent.Hundred)
        {
            throw DomainException.Invalid("candidateCapPercent: the cap for versions not in Production must be below 100; 100 % needs an approved Production promotion.");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var serving = await RequireServingAsync(db, model, ct);
        await CheckedAsync(db, model.Id, serving.Allocation(), cap, ct);
        var now = Now;
        var before = DeploymentLedger.Capture(serving);
        serving.CandidateCapTenths = cap.Tenths;
        DeploymentLedger.Touch(serving, actor, now);
        DeploymentLedger.Record(db, audit, serving, serving.ActiveDeploymentId, "cap_changed", actor, $"Candidate cap set to {cap} %.", before, null, now);
        await SaveAsync(db, ct);
        return await ViewAsync(db, model, ct);
    }

    /// <summary>Tells the prediction path that a model's split changed (after a commit made outside this service).</summary>
    internal void Notify(Guid modelId) => changes.Notify(modelId);

    private async Task AdvanceToAsync(PortalDbContext db, Guid modelId, ModelServing serving, Deployment deployment, TrafficPercent next, Actor actor, string reason, CancellationToken ct)
    {
        var now = Now;
        var before = DeploymentLedger.Capture(serving);
        var allocation = await CheckedAsync(db, modelId, serving.Allocation().Move(deployment.CandidateVersion, next, serving.StableVersion!), serving.CandidateCap, ct);
        serving.SetAllocation(allocation);
        DeploymentLedger.Touch(serving, actor, now);
        deployment.LastAdvancedAt = now;
        deployment.ConcurrencyStamp = Guid.NewGuid();
        DeploymentLedger.Record(db, audit, serving, deployment.Id, "advanced", actor, $"{reason} {deployment.CandidateVersion} to {next} %.", before, null, now);
    }

    /// <summary>Ends the rollout in progress (its candidate's traffic and shadow go back to the stable version).</summary>
    private async Task SupersedeAsync(PortalDbContext db, ModelServing serving, string why, Actor actor, DateTime now, CancellationToken ct)
    {
        var active = await ActiveAsync(db, serving, ct);
        if (active is null)
        {
            return;
        }

        active.Status = DeploymentStatus.Superseded;
        active.EndedAt = now;
        active.EndReason = why;
        active.ConcurrencyStamp = Guid.NewGuid();
        serving.ActiveDeploymentId = null;
        db.DeploymentEvents.Add(new DeploymentEvent
        {
            ModelId = serving.ModelId,
            DeploymentId = active.Id,
            At = now,
            Kind = "superseded",
            Actor = actor.Name,
            Reason = why,
        });
    }

    /// <summary>Runs a split the engine built through the same rules as a person's (versions can serve, cap).</summary>
    private static async Task<TrafficAllocation> CheckedAsync(PortalDbContext db, Guid modelId, TrafficAllocation allocation, TrafficPercent cap, CancellationToken ct)
    {
        var versions = await ServingVersionsAsync(db, modelId, allocation.Shares.Select(s => s.Version).ToList(), ct);
        return TrafficAllocation.Validate(
            allocation.Shares.Select(s => new RequestedShare(s.Version, s.Percent.Value)).ToList(),
            v => versions.GetValueOrDefault(v),
            cap);
    }

    private static async Task<Dictionary<string, ServingVersion>> ServingVersionsAsync(PortalDbContext db, Guid modelId, List<string> names, CancellationToken ct)
    {
        var rows = await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == modelId && names.Contains(v.Version))
            .Select(v => new { v.Version, v.Stage, v.Healthy }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Version, r => new ServingVersion(r.Version, r.Stage, r.Healthy), StringComparer.Ordinal);
    }

    private static Task<string?> ProductionVersionAsync(PortalDbContext db, Guid modelId, CancellationToken ct) =>
        db.ModelVersions.AsNoTracking().Where(v => v.ModelId == modelId && v.Stage == Stage.Production)
            .OrderByDescending(v => v.CreatedAt).Select(v => v.Version).FirstOrDefaultAsync(ct);

    private static ModelServing NewServing(Model model, string stable, Actor actor, DateTime now)
    {
        var serving = new ModelServing { ModelId = model.Id, ModelName = model.Name, StableVersion = stable, UpdatedBy = actor.Name, UpdatedAt = now };
        serving.SetAllocation(TrafficAllocation.Single(stable));
        return serving;
    }

    private static async Task<ModelServing> RequireServingAsync(PortalDbContext db, Model model, CancellationToken ct) =>
        await db.ModelServing.SingleOrDefaultAsync(s => s.ModelId == model.Id, ct)
            ?? throw DomainException.Conflict($"'{model.Name}' is not deployed yet: its first version reaches traffic through an approved Production promotion.");

    private static async Task<Deployment?> ActiveAsync(PortalDbContext db, ModelServing serving, CancellationToken ct) =>
        serving.ActiveDeploymentId is { } id ? await db.Deployments.SingleOrDefaultAsync(d => d.Id == id, ct) : null;

    private static void ExpectStamp(ModelServing serving, Guid? expected)
    {
        if (expected is { } stamp && stamp != serving.ConcurrencyStamp)
        {
            throw DomainException.Conflict($"The traffic of '{serving.ModelName}' changed since you read it (by {serving.UpdatedBy} at {serving.UpdatedAt:O}); reload and try again.");
        }
    }

    private static async Task SaveAsync(PortalDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("Someone else changed this model's traffic at the same time; reload and try again.");
        }
        catch (DbUpdateException)
        {
            // Two first deployments of one model race to create its serving row (unique key): same answer.
            throw DomainException.Conflict("Someone else changed this model's traffic at the same time; reload and try again.");
        }
    }

    private static string NeedsPromotion(string model, string version, string what) =>
        $"{what} needs {model} {version} in Production through an approved promotion: request Production for it " +
        $"(POST /api/v1/models/{model}/versions/{version}/promotions with targetStage Production); approving the request completes the rollout with 100 %.";

    private static RollbackPolicy PolicyFrom(RollbackPolicyInput? input)
    {
        var d = RollbackPolicy.Default;
        if (input is null)
        {
            return d;
        }

        return new RollbackPolicy
        {
            MaxErrorRatePercent = input.MaxErrorRatePercent ?? d.MaxErrorRatePercent,
            MaxP95LatencyMs = input.MaxP95LatencyMs ?? d.MaxP95LatencyMs,
            MaxAccuracyDropPoints = input.MaxAccuracyDropPoints ?? d.MaxAccuracyDropPoints,
            MinSamples = input.MinSamples ?? d.MinSamples,
            Mode = input.Mode is null ? d.Mode : StrictEnum.Parse<RollbackMode>(input.Mode, "policy.mode"),
            StepDown = input.GradualFloorPercent is { } floor ? GradualStepDown.Of(floor) : d.StepDown,
        }.Validated();
    }

    private static void RequireEngineer(Actor actor)
    {
        if (!actor.CanEngineer)
        {
            throw DomainException.Forbidden("Only Engineers, Approvers and Admins may change deployments.");
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
