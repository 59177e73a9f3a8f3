using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>The read side: current state with health, history, dashboard rows and open alerts.</summary>
public sealed partial class DeploymentService
{
    /// <summary>What the model serves now, its rollout, per-version health and open alerts (<c>GET .../deployment</c>).</summary>
    public async Task<ServingView> GetAsync(string modelName, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        return await ViewAsync(db, model, ct);
    }

    /// <summary>The model's rollouts, newest first, each with its events (<c>GET .../deployments</c>).</summary>
    public async Task<Paged<DeploymentView>> HistoryAsync(string modelName, PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var q = db.Deployments.AsNoTracking().Where(d => d.ModelId == model.Id);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id).Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        var ids = rows.Select(d => d.Id).ToList();
        var events = (await db.DeploymentEvents.AsNoTracking().Where(e => e.DeploymentId != null && ids.Contains(e.DeploymentId.Value)).ToListAsync(ct))
            .ToLookup(e => e.DeploymentId!.Value);
        return new Paged<DeploymentView>(rows.Select(d => ToView(d, events[d.Id])).ToList(), total, page.SafePage, page.SafeSize);
    }

    /// <summary>One row per deployed model for the dashboard: split, rollout, status, open alerts.</summary>
    public Task<IReadOnlyList<ServingSummary>> SummariesAsync(CancellationToken ct) => SummariesAsync(null, ct);

    /// <summary>The rows of <paramref name="models"/> only (the dashboard's page of models), or all when null.</summary>
    public async Task<IReadOnlyList<ServingSummary>> SummariesAsync(IReadOnlyCollection<string>? models, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var q = db.ModelServing.AsNoTracking();
        if (models is not null)
        {
            q = q.Where(s => models.Contains(s.ModelName));
        }

        var rows = await q.OrderBy(s => s.ModelName).ToListAsync(ct);
        var activeIds = rows.Select(s => s.ActiveDeploymentId).OfType<Guid>().ToList();
        var active = await db.Deployments.AsNoTracking().Where(d => activeIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var result = new List<ServingSummary>(rows.Count);
        foreach (var s in rows)
        {
            var d = s.ActiveDeploymentId is { } id ? active.GetValueOrDefault(id) : null;
            var alerts = (await OpenAlertsAsync(db, s, ct)).Count;
            result.Add(new ServingSummary(s.ModelName, s.StableVersion, s.Allocation().ToString(), d?.Strategy.ToString(), d?.CandidateVersion, d is null ? "Stable" : d.Status.ToString(), alerts));
        }

        return result;
    }

    /// <summary>Every open manual-mode alert across models, newest first (the dashboard's alerts).</summary>
    public async Task<IReadOnlyList<DeploymentAlertView>> OpenAlertsAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.ModelServing.AsNoTracking().Where(s => s.ActiveDeploymentId != null).ToListAsync(ct);
        var alerts = new List<DeploymentAlertView>();
        foreach (var s in rows)
        {
            alerts.AddRange(await OpenAlertsAsync(db, s, ct));
        }

        return alerts.OrderByDescending(a => a.At).ToList();
    }

    private async Task<ServingView> ViewAsync(PortalDbContext db, Model model, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var windowSeconds = (int)options.Value.HealthWindow.TotalSeconds;
        var serving = await db.ModelServing.AsNoTracking().SingleOrDefaultAsync(s => s.ModelId == model.Id, ct);
        var recent = (await db.DeploymentEvents.AsNoTracking().Where(e => e.ModelId == model.Id).OrderByDescending(e => e.At).Take(20).ToListAsync(ct))
            .Select(DeploymentEventView.From).ToList();
        if (serving is null)
        {
            return new ServingView(model.Name, false, null, [], [], null, null, "NotDeployed", TrafficAllocation.DefaultCandidateCap.Value, null, null, null, false, null, [],
                windowSeconds, now.UtcDateTime, [], recent, null, null);
        }

        var deployment = serving.ActiveDeploymentId is { } id
            ? await db.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct)
            : await db.Deployments.AsNoTracking().Where(d => d.ModelId == model.Id).OrderByDescending(d => d.CreatedAt).FirstOrDefaultAsync(ct);
        var active = serving.ActiveDeploymentId is not null ? deployment : null;
        var policy = active?.Policy ?? RollbackPolicy.Default;
        var allocation = serving.Allocation();
        var versions = allocation.Shares.Select(s => s.Version).Concat(serving.ShadowVersions).Distinct().ToList();
        var stages = (await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == model.Id && versions.Contains(v.Version))
            .Select(v => new { v.Version, v.Stage, v.Healthy }).ToListAsync(ct)).ToDictionary(v => v.Version, StringComparer.Ordinal);
        var health = await ReadHealthAsync(db, model, versions, now, ct);
        var decision = RollbackEvaluator.Evaluate(policy, allocation, serving.StableVersion!, health);
        var healthViews = versions.Select(v => VersionHealthView.From(
            health.GetValueOrDefault(v) ?? VersionHealth.Empty(v),
            policy.MinSamples,
            decision.Breaches.Where(b => b.Version == v).Select(b => b.Evidence).ToList())).ToList();

        var rollbackTarget = active is not null || HasCandidateTraffic(serving) || serving.ShadowVersions.Count > 0
            ? serving.StableVersion
            : (await RollbackTargetAsync(db, model.Id, serving, ct))?.Previous.Version;
        var previousKept = deployment is { Status: DeploymentStatus.Completed } ? deployment.StableVersion : null;
        var allocations = allocation.Shares.OrderByDescending(s => s.Version == serving.StableVersion).Select(s =>
        {
            var info = stages.GetValueOrDefault(s.Version);
            var role = s.Version == serving.StableVersion ? "stable"
                : active is { Strategy: DeploymentStrategy.BlueGreen } && s.Version == active.CandidateVersion ? "green"
                : active is not null && s.Version == active.CandidateVersion ? "candidate"
                : s.Version == previousKept ? "previous"
                : "other";
            return new AllocationView(s.Version, s.Percent.Value, info?.Stage, info?.Healthy ?? false, role);
        }).ToList();

        TrafficPercent? next = active is { Strategy: DeploymentStrategy.Canary } ? active.Plan().Next(allocation.ShareOf(active.CandidateVersion)) : null;
        DeploymentView? deploymentView = deployment is null ? null : await DeploymentViewAsync(db, deployment, ct);
        return new ServingView(
            model.Name,
            true,
            serving.StableVersion,
            allocations,
            serving.ShadowVersions,
            deployment?.Strategy.ToString(),
            deployment?.CandidateVersion,
            deployment?.Status.ToString() ?? "Stable",
            serving.CandidateCap.Value,
            serving.ConcurrencyStamp,
            deploymentView,
            next?.Value,
            next == TrafficPercent.Hundred,
            rollbackTarget,
            healthViews,
            windowSeconds,
            now.UtcDateTime,
            await OpenAlertsAsync(db, serving, ct),
            recent,
            serving.UpdatedAt,
            serving.UpdatedBy);
    }

    private static async Task<DeploymentView> DeploymentViewAsync(PortalDbContext db, Deployment d, CancellationToken ct)
    {
        var events = await db.DeploymentEvents.AsNoTracking().Where(e => e.DeploymentId == d.Id).ToListAsync(ct);
        return ToView(d, events);
    }

    private static DeploymentView ToView(Deployment d, IEnumerable<DeploymentEvent> events) => new(
        d.Id, d.ModelName, d.Strategy.ToString(), d.CandidateVersion, d.StableVersion, d.Status.ToString(),
        d.StepTenths.Select(t => t / 10m).ToList(),
        d.AutoAdvanceEvery is { } every ? (int)every.TotalMinutes : null,
        d.LastAdvancedAt, RollbackPolicyView.From(d.Policy), d.CreatedBy, d.CreatedAt, d.EndedAt, d.EndReason,
        events.OrderBy(e => e.At).Select(DeploymentEventView.From).ToList());

    /// <summary>
    /// Health per version from the prediction log over the window ending now: every logged request (served or shadow)
    /// counts for its version; binary accuracy compares label and prediction, regression takes the absolute error.
    /// </summary>
    private async Task<Dictionary<string, VersionHealth>> ReadHealthAsync(PortalDbContext db, Model model, IReadOnlyList<string> versions, DateTimeOffset now, CancellationToken ct)
    {
        var window = Window;
        var start = (now - window.Length).UtcDateTime;
        var end = now.UtcDateTime;
        var rows = await db.Predictions.AsNoTracking()
            .Where(p => p.ModelId == model.Id && versions.Contains(p.Version) && p.At > start && p.At <= end)
            .Select(p => new { p.Version, p.At, p.Succeeded, p.LatencyMs, p.Prediction, p.Label })
            .ToListAsync(ct);
        var binary = model.Task == ModelTask.BinaryClassification;
        var regression = model.Task == ModelTask.Regression;
        return rows.GroupBy(r => r.Version, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => window.Compute(g.Key, g.Select(r => new HealthObservation(
                new DateTimeOffset(r.At, TimeSpan.Zero),
                r.Succeeded,
                r.LatencyMs,
                binary && r.Label is { } label && r.Prediction is { } predicted ? predicted == label : null,
                regression && r.Label is { } actual && r.Prediction is { } value ? Math.Abs(value - actual) : null)), now),
            StringComparer.Ordinal);
    }
}
