using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Tests.Unit.Engine;

/// <summary>The deployment engine over a real SQLite file: start-up adoption, the stable version failing integrity, notifications.</summary>
public sealed class DeploymentEngineTests : IAsyncLifetime
{
    private readonly EngineHarness engine = new();

    public Task InitializeAsync() => engine.CreateModelAsync();

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task A_Production_version_from_before_deployments_is_adopted_once_at_100_percent_with_an_audit_event()
    {
        await engine.RegisterAsync("churn", "1.0.0", 0.9);
        await using (var db = await engine.Contexts.CreateDbContextAsync())
        {
            await db.ModelVersions.ExecuteUpdateAsync(s => s.SetProperty(v => v.Stage, Stage.Production));
        }

        Assert.False((await engine.Deployments.GetAsync("churn", CancellationToken.None)).Deployed);

        Assert.Equal(1, await engine.Deployments.AdoptProductionVersionsAsync(CancellationToken.None));
        Assert.Equal(0, await engine.Deployments.AdoptProductionVersionsAsync(CancellationToken.None));

        var state = await engine.Deployments.GetAsync("churn", CancellationToken.None);
        Assert.True(state.Deployed);
        Assert.Equal("1.0.0", state.StableVersion);
        Assert.Equal(100m, Assert.Single(state.Allocations).Percent);
        Assert.Equal(1, await engine.CountAsync(db => db.AuditEvents.Where(e => e.Action == "deployment.adopted")));
    }

    [Fact]
    public async Task Approval_notifies_serving_after_commit_and_the_stable_version_failing_integrity_is_recorded_without_moving_traffic()
    {
        var changed = new List<Guid>();
        engine.ServingChanges.Changed += changed.Add;
        var request = await engine.StagedRequestAsync("churn", "1.0.0", 0.9);
        await engine.Promotions.ApproveAsync(request.Id, "baseline", EngineHarness.Approver, CancellationToken.None);
        Assert.Single(changed);

        Guid versionId;
        await using (var db = await engine.Contexts.CreateDbContextAsync())
        {
            versionId = await db.ModelVersions.Where(v => v.Version == "1.0.0").Select(v => v.Id).SingleAsync();
        }

        await engine.Registry.MarkUnhealthyAsync("churn", versionId, "hash mismatch at load", EngineHarness.Engineer, CancellationToken.None);

        var state = await engine.Deployments.GetAsync("churn", CancellationToken.None);
        Assert.Equal(100m, state.Allocations.Single(a => a.Version == "1.0.0").Percent);
        var integrity = Assert.Single(state.RecentEvents, e => e.Kind == "integrity_failed");
        Assert.Contains("no healthy Production version", integrity.Reason, StringComparison.Ordinal);
        Assert.Single(changed);
    }
}
