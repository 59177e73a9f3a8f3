using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.AbTests;

/// <summary>
/// A/B tests: starting one puts the split A (100 − p) % / B p % live through the deployment engine's own rules
/// (<see cref="TrafficAllocation.Validate"/>: both versions can serve, versions not in Production stay within the
/// model's candidate cap), so requests are routed by the same consistent hashing as any deployment. The test row, the
/// serving change, its deployment event and the audit events commit in one <c>SaveChangesAsync</c>. Arm numbers are
/// aggregated by the database from the prediction log. Ending a test can file the winner's Production request through
/// <see cref="PromotionService"/>; it never promotes by itself.
/// </summary>
public sealed partial class AbTestService(
    IDbContextFactory<PortalDbContext> contexts,
    AuditTrail audit,
    TimeProvider clock,
    ServingChanges changes,
    PromotionService promotions)
{
    public const double DefaultAlpha = 0.05;

    public const int DefaultMinSamplesPerArm = 100;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<AbTestView> CreateAsync(string modelName, AbTestInput? input, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        if (input is null)
        {
            throw DomainException.Invalid("An A/B test needs 'versionA', 'versionB', 'percentB' and 'metric'.");
        }

        var versionA = Required(input.VersionA, "versionA");
        var versionB = Required(input.VersionB, "versionB");
        if (string.Equals(versionA, versionB, StringComparison.Ordinal))
        {
            throw DomainException.Invalid($"versionB: {versionB} is also versionA; an A/B test compares two different versions.");
        }

        var percentB = AbSplitRule.PercentB(input.PercentB ?? throw DomainException.Invalid("percentB is required (0 < percentB < 100, one decimal)."));

        var metric = StrictEnum.Parse<AbMetric>(input.Metric ?? throw DomainException.Invalid("metric is required (Accuracy, F1, ErrorRate or Latency)."), "metric");
        var minSamples = input.MinSamplesPerArm ?? DefaultMinSamplesPerArm;
        if (minSamples is < 2 or > 10_000_000)
        {
            throw DomainException.Invalid($"minSamplesPerArm: {minSamples} is not between 2 and 10000000.");
        }

        var alpha = input.Alpha ?? DefaultAlpha;
        if (!(alpha is > 0 and <= 0.5))
        {
            throw DomainException.Invalid($"alpha: {alpha} is not a significance level above 0 and at most 0.5.");
        }

        FieldLimits.Check(input.Reason, FieldLimits.Reason, "reason");

        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        if (!metric.AppliesTo(model.Task))
        {
            throw DomainException.Invalid($"metric: {metric} compares 0/1 labels and needs a binary classifier; '{model.Name}' is {model.Task} (use ErrorRate or Latency).");
        }

        var versions = await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == model.Id && (v.Version == versionA || v.Version == versionB))
            .Select(v => new { v.Version, v.Stage, v.Healthy }).ToListAsync(ct);
        var serving = new Dictionary<string, ServingVersion>(StringComparer.Ordinal);
        foreach (var (field, version) in new[] { ("versionA", versionA), ("versionB", versionB) })
        {
            var row = versions.SingleOrDefault(v => v.Version == version) ?? throw DomainException.Invalid($"{field}: '{model.Name}' has no version {version}.");
            var known = new ServingVersion(row.Version, row.Stage, row.Healthy);
            if (known.WhyNotServing() is { } why)
            {
                throw DomainException.Invalid($"{field}: {version} {why} and cannot take part in an A/B test.");
            }

            serving[version] = known;
        }

        var live = await db.ModelServing.SingleOrDefaultAsync(s => s.ModelId == model.Id, ct);
        var running = await db.AbTests.AnyAsync(t => t.ModelId == model.Id && t.StoppedAt == null, ct);
        if (WhyNoTestCanStart(model.Name, live, running) is { } conflict)
        {
            throw DomainException.Conflict(conflict);
        }

        var candidates = AbSplitRule.CandidateShare(serving[versionA].IsProduction, serving[versionB].IsProduction, percentB);
        if (AbSplitRule.CapRefusal(candidates, live!.CandidateCap) is { } refusal)
        {
            throw DomainException.Invalid(refusal);
        }

        var test = new AbTest
        {
            ModelId = model.Id,
            ModelName = model.Name,
            VersionA = versionA,
            VersionB = versionB,
            PercentBTenths = percentB.Tenths,
            Metric = metric,
            MinSamplesPerArm = minSamples,
            Alpha = alpha,
            StartedAt = Now,
            StartedBy = actor.Name,
            PreviousShares = [.. live.Shares],
        };

        // The engine's own rules once more over the exact split (serving ability, sum, cap): nothing bypasses them.
        var split = TrafficAllocation.Validate(
            test.Split().Shares.Select(s => new RequestedShare(s.Version, s.Percent.Value)).ToList(), v => serving.GetValueOrDefault(v), live.CandidateCap);
        var before = DeploymentLedger.Capture(live);
        live.SetAllocation(split);
        DeploymentLedger.Touch(live, actor, test.StartedAt);
        db.AbTests.Add(test);
        DeploymentLedger.Record(db, audit, live, null, "abtest_started", actor, input.Reason ?? $"A/B test {test.Id}: {split}.", before, new { abTestId = test.Id }, test.StartedAt);
        audit.Record(db, actor, "abtest.created", "abtest", test.Id.ToString(), null, Snapshot(test), input.Reason);
        await SaveAsync(db, ct);
        changes.Notify(model.Id);
        return await ViewAsync(db, test, ct);
    }

    public async Task<AbTestView> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await ViewAsync(db, await CurrentAsync(db, id, ct), ct);
    }

    public async Task<IReadOnlyList<AbTestSummary>> ListAsync(string modelName, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var model = await ModelRegistry.FindModelAsync(db, modelName, ct);
        if (await db.AbTests.SingleOrDefaultAsync(t => t.ModelId == model.Id && t.StoppedAt == null, ct) is { } running && await InterruptIfSplitTakenAsync(db, running, ct))
        {
            await SaveInterruptionsAsync(db, ct);
        }

        var rows = await db.AbTests.AsNoTracking().Where(t => t.ModelId == model.Id).OrderByDescending(t => t.StartedAt).Take(200).ToListAsync(ct);
        return [.. rows.Select(t => new AbTestSummary(t.Id, t.VersionA, t.VersionB, t.PercentB.Value, t.Metric.ToString(), t.IsRunning, t.StartedAt, t.StoppedAt, t.StartedBy, t.Interrupted))];
    }

    /// <summary>
    /// Stops a running test: its numbers are frozen, the split goes back to what it was before the test (when the
    /// test's split is still live and the old one still passes the rules; otherwise the live split is left as is),
    /// and with <see cref="AbTestStopInput.RequestPromotion"/> the winner's Production request is filed.
    /// </summary>
    public async Task<AbTestView> StopAsync(Guid id, AbTestStopInput? input, Actor actor, CancellationToken ct)
    {
        RequireEngineer(actor);
        FieldLimits.Check(input?.Reason, FieldLimits.Reason, "reason");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var test = await CurrentAsync(db, id, ct);
        var now = Now;
        var evaluation = await EvaluateAsync(db, test, now, stopped: true, ct);
        test.Stop(actor, input?.Reason, Json.Serialize(evaluation), now);
        var live = await db.ModelServing.SingleOrDefaultAsync(s => s.ModelId == test.ModelId, ct);
        if (live is not null && live.Allocation().Equals(test.Split()) && await RestorableAsync(db, test, live, ct) is { } previous)
        {
            var before = DeploymentLedger.Capture(live);
            live.SetAllocation(previous);
            DeploymentLedger.Touch(live, actor, now);
            DeploymentLedger.Record(db, audit, live, live.ActiveDeploymentId, "abtest_stopped", actor, $"A/B test {test.Id} stopped: {previous}.", before, new { abTestId = test.Id }, now);
        }

        audit.Record(db, actor, "abtest.stopped", "abtest", test.Id.ToString(), null, new { evaluation.Status, evaluation.Winner, evaluation.Comparison?.PValue }, input?.Reason);
        await SaveAsync(db, ct);
        changes.Notify(test.ModelId);

        string? note = null;
        if (input?.RequestPromotion == true)
        {
            note = await RequestWinnerPromotionAsync(db, test, evaluation, actor, ct);
        }

        return await ViewAsync(db, test, ct) with { PromotionNote = note };
    }

    private async Task<string?> RequestWinnerPromotionAsync(PortalDbContext db, AbTest test, AbEvaluation evaluation, Actor actor, CancellationToken ct)
    {
        if (evaluation.Winner is not { } winner)
        {
            return "No winner: no promotion request was filed.";
        }

        var stage = await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == test.ModelId && v.Version == winner).Select(v => v.Stage).SingleAsync(ct);
        if (stage == Stage.Production)
        {
            return $"{winner} is already the Production version: nothing to promote.";
        }

        try
        {
            var comparison = evaluation.Comparison!;
            var request = await promotions.RequestAsync(test.ModelName, winner, "Production",
                $"Won A/B test {test.Id} on {test.Metric}: {AbVerdictText.Describe(evaluation, test.Metric, test.MinSamplesPerArm, test.Alpha, stopped: true)}", actor, ct);
            test.PromotionRequestId = request.Id;
            audit.Record(db, actor, "abtest.promotion_requested", "abtest", test.Id.ToString(), null, new { promotionRequestId = request.Id, version = winner, comparison.PValue }, null);
            await SaveAsync(db, ct);
            return $"Promotion request {request.Id} filed for {winner}; it waits for an approver.";
        }
        catch (DomainException e)
        {
            // The test stays stopped; the person sees why the request could not be filed and can file it by hand.
            return $"The test is stopped, but the promotion request was not filed: {e.Message}";
        }
    }

    private static async Task<TrafficAllocation?> RestorableAsync(PortalDbContext db, AbTest test, ModelServing live, CancellationToken ct)
    {
        if (test.PreviousShares.Count == 0)
        {
            return null;
        }

        var names = test.PreviousShares.Select(s => s.Version).ToList();
        var rows = await db.ModelVersions.AsNoTracking().Where(v => v.ModelId == test.ModelId && names.Contains(v.Version))
            .Select(v => new { v.Version, v.Stage, v.Healthy }).ToListAsync(ct);
        var known = rows.ToDictionary(r => r.Version, r => new ServingVersion(r.Version, r.Stage, r.Healthy), StringComparer.Ordinal);
        try
        {
            return TrafficAllocation.Validate(
                test.PreviousShares.Select(s => new RequestedShare(s.Version, TrafficPercent.FromTenths(s.Tenths).Value)).ToList(), v => known.GetValueOrDefault(v), live.CandidateCap);
        }
        catch (DomainException)
        {
            // The old split no longer passes the rules (a version archived meanwhile): leave the live split to a person.
            return null;
        }
    }

    private static async Task<AbTest> FindAsync(PortalDbContext db, Guid id, bool track, CancellationToken ct)
    {
        var query = track ? db.AbTests : db.AbTests.AsNoTracking();
        return await query.SingleOrDefaultAsync(t => t.Id == id, ct) ?? throw DomainException.NotFound($"There is no A/B test {id}.");
    }

    private static object Snapshot(AbTest t) => new { t.ModelName, t.VersionA, t.VersionB, percentB = t.PercentB.Value, metric = t.Metric.ToString(), t.MinSamplesPerArm, t.Alpha };

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw DomainException.Invalid($"{field} is required.") : value.Trim();

    private static void RequireEngineer(Actor actor)
    {
        if (!actor.CanEngineer)
        {
            throw DomainException.Forbidden("Only Engineers, Approvers and Admins may start or stop A/B tests.");
        }
    }

    private static async Task SaveAsync(PortalDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Concurrency stamps (the serving row, the test) and the one-running-test index: someone was first.
            throw DomainException.Conflict("Someone else changed this model's traffic or A/B test at the same time; reload and try again.");
        }
    }
}
