using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.AbTests;

/// <summary>What the start dialog offers, from the rules <see cref="CreateAsync"/> applies (never a copy of them in a page).</summary>
public sealed partial class AbTestService
{
    public async Task<AbTestPlan> PlanAsync(string modelName, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        var rows = await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == model.Id)
            .OrderByDescending(v => v.Major).ThenByDescending(v => v.Minor).ThenByDescending(v => v.Patch)
            .Select(v => new { v.Version, v.Stage, v.Healthy }).ToListAsync(ct);
        var versions = rows.Select(r => new ServingVersion(r.Version, r.Stage, r.Healthy)).Where(v => v.CanServe)
            .Select(v => new AbTestVersionChoice(v.Version, v.Stage)).ToList();
        var live = await db.ModelServing.AsNoTracking().SingleOrDefaultAsync(s => s.ModelId == model.Id, ct);
        var running = await db.AbTests.AnyAsync(t => t.ModelId == model.Id && t.StoppedAt == null, ct);
        var blocker = WhyNoTestCanStart(model.Name, live, running)
            ?? (versions.Count < 2 ? $"'{model.Name}' has {versions.Count} version(s) that can serve traffic; an A/B test needs two (not Archived, artifact intact)." : null);
        return new AbTestPlan(
            model.Name,
            versions,
            [.. Enum.GetValues<AbMetric>().Where(m => m.AppliesTo(model.Task))],
            live?.StableVersion,
            live?.CandidateCap ?? TrafficAllocation.DefaultCandidateCap,
            blocker);
    }

    /// <summary>The model-level conflicts that refuse any new test: not deployed, a rollout in progress, a test running.</summary>
    private static string? WhyNoTestCanStart(string model, ModelServing? live, bool running) =>
        live is null ? $"'{model}' is not deployed yet: an A/B test splits live traffic, which starts with an approved Production promotion."
        : live.ActiveDeploymentId is not null ? $"'{model}' has a rollout in progress; complete it or roll it back before starting an A/B test (both would move the same split)."
        : running ? $"'{model}' already has a running A/B test; stop it first."
        : null;
}
