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

    [Fact]
    public async Task Archiving_a_canary_by_hand_moves_its_share_to_the_stable_version_in_the_same_change()
    {
        var request = await engine.StagedRequestAsync("churn", "1.0.0", 0.9);
        await engine.Promotions.ApproveAsync(request.Id, "baseline", EngineHarness.Approver, CancellationToken.None);
        await engine.RegisterAsync("churn", "1.1.0", 0.91);
        await engine.Registry.ChangeStageAsync("churn", "1.1.0", "Staging", "ready", EngineHarness.Engineer, CancellationToken.None);
        await engine.Deployments.DeployAsync("churn", new DeployInput("canary", "1.1.0", 25m), EngineHarness.Engineer, CancellationToken.None);
        var changed = new List<Guid>();
        engine.ServingChanges.Changed += changed.Add;

        await engine.Registry.ChangeStageAsync("churn", "1.1.0", "Archived", "worse on holdout", EngineHarness.Engineer, CancellationToken.None);

        var state = await engine.Deployments.GetAsync("churn", CancellationToken.None);
        Assert.Equal(100m, state.Allocations.Where(a => a.Version == "1.0.0").Sum(a => a.Percent));
        Assert.Equal(0m, state.Allocations.Where(a => a.Version == "1.1.0").Sum(a => a.Percent));
        Assert.Equal("RolledBack", state.Deployment?.Status);
        var archived = Assert.Single(state.RecentEvents, e => e.Kind == "archived");
        Assert.Contains("25", archived.Reason, StringComparison.Ordinal);
        Assert.Single(changed);
        Assert.Equal(1, await engine.CountAsync(db => db.AuditEvents.Where(e => e.Action == "deployment.archived")));
    }

    [Fact]
    public async Task The_stable_version_cannot_be_archived_while_it_serves_and_nothing_changes()
    {
        var request = await engine.StagedRequestAsync("churn", "1.0.0", 0.9);
        await engine.Promotions.ApproveAsync(request.Id, "baseline", EngineHarness.Approver, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ModelLifecycle.Domain.Common.DomainException>(() =>
            engine.Registry.ChangeStageAsync("churn", "1.0.0", "Archived", "retire", EngineHarness.Engineer, CancellationToken.None));

        Assert.Contains("stable version", error.Message, StringComparison.Ordinal);
        Assert.Equal(Stage.Production, (await engine.Registry.GetVersionAsync("churn", "1.0.0", CancellationToken.None)).Stage);
        Assert.Equal(0, await engine.CountAsync(db => db.AuditEvents.Where(e => e.Action == "version.stage_changed" && e.EntityId == "churn@1.0.0" && e.After!.Contains("Archived"))));
    }
}
