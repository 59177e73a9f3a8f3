using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Tests.Unit.Engine;

public sealed class ApprovalTests : IAsyncLifetime
{
    private readonly EngineHarness engine = new();

    public Task InitializeAsync() => engine.CreateModelAsync();

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task Approver_cannot_approve_own_request()
    {
        await engine.RegisterAsync("churn", "1.0.0", 0.9);
        await engine.Registry.ChangeStageAsync("churn", "1.0.0", "Staging", null, EngineHarness.Approver, CancellationToken.None);
        var own = await engine.Promotions.RequestAsync("churn", "1.0.0", "Production", "mine", EngineHarness.Approver, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<DomainException>(() => engine.Promotions.ApproveAsync(own.Id, "looks fine", EngineHarness.Approver, CancellationToken.None));

        Assert.Equal(FailureKind.Forbidden, ex.Kind);
        Assert.Equal(Stage.Staging, (await engine.Registry.GetVersionAsync("churn", "1.0.0", CancellationToken.None)).Stage);
    }

    [Fact]
    public async Task Engineer_cannot_decide_requests()
    {
        var request = await engine.StagedRequestAsync("churn", "1.0.0", 0.9);
        var ex = await Assert.ThrowsAsync<DomainException>(() => engine.Promotions.ApproveAsync(request.Id, "ok", EngineHarness.Engineer2, CancellationToken.None));
        Assert.Equal(FailureKind.Forbidden, ex.Kind);
    }

    [Fact]
    public async Task Decision_needs_a_reason()
    {
        var request = await engine.StagedRequestAsync("churn", "1.0.0", 0.9);
        var ex = await Assert.ThrowsAsync<DomainException>(() => engine.Promotions.RejectAsync(request.Id, "  ", EngineHarness.Approver, CancellationToken.None));
        Assert.Equal(FailureKind.Validation, ex.Kind);
    }

    [Fact]
    public async Task Approval_moves_version_to_production_and_archives_the_previous_one_with_audit()
    {
        var first = await engine.StagedRequestAsync("churn", "1.0.0", 0.88);
        await engine.Promotions.ApproveAsync(first.Id, "baseline", EngineHarness.Approver, CancellationToken.None);
        var second = await engine.StagedRequestAsync("churn", "1.1.0", 0.91);

        var approved = await engine.Promotions.ApproveAsync(second.Id, "better AUC", EngineHarness.Approver, CancellationToken.None);

        Assert.Equal(PromotionStatus.Approved, approved.Status);
        var versions = (await engine.Registry.ListVersionsAsync("churn", new PageRequest(), CancellationToken.None)).Items;
        Assert.Equal(Stage.Production, versions.Single(v => v.Version == "1.1.0").Stage);
        Assert.Equal(Stage.Archived, versions.Single(v => v.Version == "1.0.0").Stage);
        Assert.Single(versions, v => v.Stage == Stage.Production);

        var history = (await engine.Registry.StageHistoryAsync("churn", new PageRequest(), CancellationToken.None)).Items;
        Assert.Contains(history, t => t.Version == "1.0.0" && t.To == Stage.Archived && t.By == "approver@test" && t.PromotionRequestId == second.Id);
        var audit = await engine.Audit.QueryAsync(new Domain.Audit.AuditQuery(Action: "promotion.approved"), new PageRequest(), CancellationToken.None);
        Assert.Equal(2, audit.Total);
        Assert.True((await engine.Audit.VerifyAsync(CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task Checklist_reports_gate_and_comparison_with_production()
    {
        var first = await engine.StagedRequestAsync("churn", "1.0.0", 0.90);
        await engine.Promotions.ApproveAsync(first.Id, "baseline", EngineHarness.Approver, CancellationToken.None);

        var weaker = await engine.StagedRequestAsync("churn", "1.1.0", 0.80);

        Assert.Equal(CheckOutcome.Passed, weaker.Checklist.Single(c => c.Name == PromotionChecklist.Integrity).Outcome);
        Assert.Equal(CheckOutcome.Failed, weaker.Checklist.Single(c => c.Name == PromotionChecklist.Gate).Outcome);
        var comparison = weaker.Checklist.Single(c => c.Name == PromotionChecklist.VersusProduction);
        Assert.Equal(CheckOutcome.Warning, comparison.Outcome);
        Assert.Contains("0.8 vs 0.9", comparison.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_decisions_on_one_request_resolve_to_exactly_one_outcome()
    {
        var request = await engine.StagedRequestAsync("churn", "1.0.0", 0.9);

        var results = await Task.WhenAll(
            Attempt(() => engine.Promotions.ApproveAsync(request.Id, "yes", EngineHarness.Approver, CancellationToken.None)),
            Attempt(() => engine.Promotions.RejectAsync(request.Id, "no", EngineHarness.Approver2, CancellationToken.None)));

        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r == FailureKind.Conflict);
        var stored = (await engine.Promotions.GetAsync(request.Id, EngineHarness.Viewer, CancellationToken.None)).Request;
        Assert.NotEqual(PromotionStatus.Pending, stored.Status);
        var decisions = await engine.CountAsync(db => db.AuditEvents.Where(e => e.Action == "promotion.approved" || e.Action == "promotion.rejected"));
        Assert.Equal(1, decisions);
    }

    [Fact]
    public async Task Pending_request_expires_and_can_no_longer_be_approved()
    {
        var request = await engine.StagedRequestAsync("churn", "1.0.0", 0.9);
        engine.Clock.Now += TimeSpan.FromDays(3);

        Assert.Equal(1, await engine.Promotions.ExpireStaleAsync(CancellationToken.None));

        var ex = await Assert.ThrowsAsync<DomainException>(() => engine.Promotions.ApproveAsync(request.Id, "late", EngineHarness.Approver, CancellationToken.None));
        Assert.Equal(FailureKind.Conflict, ex.Kind);
        Assert.Equal(PromotionStatus.Expired, (await engine.Promotions.GetAsync(request.Id, EngineHarness.Viewer, CancellationToken.None)).Request.Status);

        var expired = (await engine.Audit.QueryAsync(new AuditQuery(Action: "promotion.expired"), new PageRequest(), CancellationToken.None)).Items.Single();
        Assert.Equal(request.Id.ToString(), expired.EntityId);
        Assert.Equal("system", expired.Actor);
        using var before = System.Text.Json.JsonDocument.Parse(expired.Before!);
        using var after = System.Text.Json.JsonDocument.Parse(expired.After!);
        Assert.Equal("Pending", before.RootElement.GetProperty("status").GetString());
        Assert.Equal("Expired", after.RootElement.GetProperty("status").GetString());
        Assert.Equal("churn", after.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Production_cannot_be_requested_from_none_and_duplicates_are_refused()
    {
        await engine.RegisterAsync("churn", "1.0.0", 0.9);
        var fromNone = await Assert.ThrowsAsync<DomainException>(() => engine.Promotions.RequestAsync("churn", "1.0.0", "Production", "skip", EngineHarness.Engineer, CancellationToken.None));
        Assert.Equal(FailureKind.Validation, fromNone.Kind);

        await engine.Registry.ChangeStageAsync("churn", "1.0.0", "Staging", null, EngineHarness.Engineer, CancellationToken.None);
        await engine.Promotions.RequestAsync("churn", "1.0.0", "Production", "first", EngineHarness.Engineer, CancellationToken.None);
        var duplicate = await Assert.ThrowsAsync<DomainException>(() => engine.Promotions.RequestAsync("churn", "1.0.0", "Production", "again", EngineHarness.Engineer, CancellationToken.None));
        Assert.Equal(FailureKind.Conflict, duplicate.Kind);
        Assert.Equal(1, await engine.CountAsync(db => db.PromotionRequests));
    }

    [Fact]
    public async Task Tampered_artifact_blocks_approval()
    {
        var request = await engine.StagedRequestAsync("churn", "1.0.0", 0.9);
        var version = await engine.Registry.GetVersionAsync("churn", "1.0.0", CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(engine.ArtifactRoot, version.Sha256[..2], version.Sha256), "tampered");

        var ex = await Assert.ThrowsAsync<DomainException>(() => engine.Promotions.ApproveAsync(request.Id, "ok", EngineHarness.Approver, CancellationToken.None));

        Assert.Equal(FailureKind.Integrity, ex.Kind);
        Assert.Equal(Stage.Staging, (await engine.Registry.GetVersionAsync("churn", "1.0.0", CancellationToken.None)).Stage);
        await using var db = await engine.Contexts.CreateDbContextAsync();
        Assert.Equal(PromotionStatus.Pending, (await db.PromotionRequests.SingleAsync()).Status);
    }

    private static async Task<FailureKind?> Attempt(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (DomainException ex)
        {
            return ex.Kind;
        }
    }

    [Fact]
    public void Who_may_decide_is_answered_by_the_request_by_user_id()
    {
        var now = new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc);
        var request = new PromotionRequest
        {
            ModelName = "churn",
            Version = "1.0.0",
            Justification = "j",
            RequestedBy = EngineHarness.Approver.Id,
            RequestedByName = "old name",
            FromStage = Stage.Staging,
            TargetStage = Stage.Production,
            RequestedAt = now,
            ExpiresAt = now.AddDays(1),
        };

        Assert.Equal(DecisionRefusal.OwnRequest, request.CanBeDecidedBy(EngineHarness.Approver with { Name = "new name" }, now).Refusal);
        Assert.True(request.CanBeDecidedBy(EngineHarness.Approver2 with { Name = "old name" }, now).Allowed);
        Assert.Equal(DecisionRefusal.NotApprover, request.CanBeDecidedBy(EngineHarness.Engineer, now).Refusal);
        Assert.Equal(DecisionRefusal.Expired, request.CanBeDecidedBy(EngineHarness.Approver2, now.AddDays(2)).Refusal);
        request.Cancel(Stage.Archived, EngineHarness.Engineer, now);
        Assert.Equal(DecisionRefusal.NotPending, request.CanBeDecidedBy(EngineHarness.Approver2, now).Refusal);
    }
}
