using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.AbTests;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Tests.Unit.Engine;
using Xunit;

namespace ModelLifecycle.Tests.Unit.AbTests;

/// <summary>The A/B test rules over the real engine and a real SQLite file: split through the deployment rules, numbers from the log, stop.</summary>
public sealed class AbTestServiceTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly EngineHarness engine = new();

    private AbTestService service = null!;

    public async Task InitializeAsync()
    {
        service = new AbTestService(engine.Contexts, engine.Audit, engine.Clock, engine.ServingChanges, engine.Promotions);
        await engine.CreateModelAsync();
        var request = await engine.StagedRequestAsync("churn", "1.0.0", 0.9);
        await engine.Promotions.ApproveAsync(request.Id, "baseline", EngineHarness.Approver, None);
        await engine.RegisterAsync("churn", "1.1.0", 0.92);
        await engine.Registry.ChangeStageAsync("churn", "1.1.0", "Staging", "challenger", EngineHarness.Engineer, None);
    }

    public async Task DisposeAsync() => await engine.DisposeAsync();

    [Fact]
    public async Task Starting_a_test_puts_its_split_live_through_the_deployment_engine_with_audit_in_one_commit()
    {
        var changed = new List<Guid>();
        engine.ServingChanges.Changed += changed.Add;
        var test = await service.CreateAsync("churn", Input(percentB: 20m), EngineHarness.Engineer, None);

        Assert.Equal("Running", test.Status);
        Assert.True(test.Running);
        var serving = await engine.Deployments.GetAsync("churn", None);
        Assert.Equal(80m, serving.Allocations.Single(a => a.Version == "1.0.0").Percent);
        Assert.Equal(20m, serving.Allocations.Single(a => a.Version == "1.1.0").Percent);
        Assert.Single(changed);
        Assert.Equal(1, await engine.CountAsync(db => db.AuditEvents.Where(e => e.Action == "abtest.created" && e.EntityId == test.Id.ToString())));
        Assert.Equal(1, await engine.CountAsync(db => db.AuditEvents.Where(e => e.Action == "deployment.abtest_started")));
        Assert.True((await engine.Audit.VerifyAsync(None)).Valid);
    }

    [Theory]
    [InlineData(null, "1.1.0", 20, "Accuracy", 100, 0.05, "versionA")]
    [InlineData("1.0.0", "9.9.9", 20, "Accuracy", 100, 0.05, "versionB")]
    [InlineData("1.0.0", "1.0.0", 20, "Accuracy", 100, 0.05, "versionB")]
    [InlineData("1.0.0", "1.1.0", 0, "Accuracy", 100, 0.05, "percentB")]
    [InlineData("1.0.0", "1.1.0", 100, "Accuracy", 100, 0.05, "percentB")]
    [InlineData("1.0.0", "1.1.0", 12.55, "Accuracy", 100, 0.05, "percentB")]
    [InlineData("1.0.0", "1.1.0", 60, "Accuracy", 100, 0.05, "percentB")]
    [InlineData("1.0.0", "1.1.0", 20, "auc", 100, 0.05, "metric")]
    [InlineData("1.0.0", "1.1.0", 20, "Accuracy", 1, 0.05, "minSamplesPerArm")]
    [InlineData("1.0.0", "1.1.0", 20, "Accuracy", 100, 0.0, "alpha")]
    [InlineData("1.0.0", "1.1.0", 20, "Accuracy", 100, 0.9, "alpha")]
    public async Task Bad_input_is_refused_naming_the_field_and_changes_nothing(string? a, string b, double percentB, string metric, int minSamples, double alpha, string field)
    {
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            service.CreateAsync("churn", new AbTestInput(a, b, (decimal)percentB, metric, minSamples, alpha), EngineHarness.Engineer, None));

        Assert.Equal(FailureKind.Validation, error.Kind);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await engine.CountAsync(db => db.AbTests));
        Assert.Equal(100m, (await engine.Deployments.GetAsync("churn", None)).Allocations.Single(x => x.Version == "1.0.0").Percent);
    }

    [Fact]
    public async Task Archived_versions_cannot_take_part_and_a_model_runs_one_test_at_a_time()
    {
        await engine.RegisterAsync("churn", "1.2.0", 0.9);
        await engine.Registry.ChangeStageAsync("churn", "1.2.0", "Archived", "retired", EngineHarness.Engineer, None);
        var archived = await Assert.ThrowsAsync<DomainException>(() => service.CreateAsync("churn", Input(b: "1.2.0"), EngineHarness.Engineer, None));
        Assert.Contains("versionB: 1.2.0 is Archived", archived.Message, StringComparison.Ordinal);

        await service.CreateAsync("churn", Input(), EngineHarness.Engineer, None);
        var second = await Assert.ThrowsAsync<DomainException>(() => service.CreateAsync("churn", Input(), EngineHarness.Engineer, None));
        Assert.Equal(FailureKind.Conflict, second.Kind);

        var viewer = await Assert.ThrowsAsync<DomainException>(() => service.CreateAsync("churn", Input(), EngineHarness.Viewer, None));
        Assert.Equal(FailureKind.Forbidden, viewer.Kind);
    }

    [Fact]
    public async Task Arms_count_only_their_versions_served_predictions_since_the_start_and_a_winner_appears_at_the_minimum()
    {
        // Before the test: not counted.
        await LogAsync("1.1.0", correct: 0, wrong: 30);
        engine.Clock.Now = engine.Clock.Now.AddMinutes(1);
        var test = await service.CreateAsync("churn", Input(minSamples: 40), EngineHarness.Engineer, None);
        engine.Clock.Now = engine.Clock.Now.AddMinutes(1);
        await LogAsync("1.0.0", correct: 20, wrong: 10);
        await LogAsync("1.1.0", correct: 29, wrong: 1);
        await LogAsync("1.1.0", correct: 0, wrong: 50, shadow: true);
        await LogAsync("1.1.0", correct: 0, wrong: 0, unlabelled: 5);

        var running = await service.GetAsync(test.Id, None);
        Assert.Equal("Running", running.Status);
        Assert.Null(running.Winner);
        Assert.Equal(30, running.Arms[0].Samples);
        Assert.Equal(20, running.Arms[0].Successes);
        Assert.Equal(30, running.Arms[1].Samples);
        Assert.Equal(35, running.Arms[1].Count);
        Assert.Contains("Not enough samples yet: 30 of 40 per arm", running.Verdict, StringComparison.Ordinal);

        await LogAsync("1.0.0", correct: 7, wrong: 3);
        await LogAsync("1.1.0", correct: 10, wrong: 0);
        var decided = await service.GetAsync(test.Id, None);
        var expected = ProportionTest.Compare(27, 40, 39, 40, 0.05);
        Assert.Equal("WinnerB", decided.Status);
        Assert.Equal("1.1.0", decided.Winner);
        Assert.Equal(expected.PValue, decided.PValue!.Value, 12);
        Assert.Equal(expected.CiLow, decided.CiLow!.Value, 12);
        Assert.Equal(39.0 / 40 - 27.0 / 40, decided.Difference!.Value, 12);
        Assert.StartsWith("B (1.1.0) is better by 30.0 points (95 % CI", decided.Verdict, StringComparison.Ordinal);
        Assert.NotNull(decided.Arms[1].LatencyP95Ms);
    }

    [Fact]
    public async Task Stopping_freezes_the_numbers_restores_the_split_and_files_only_a_promotion_request()
    {
        var test = await service.CreateAsync("churn", Input(minSamples: 20), EngineHarness.Engineer, None);
        engine.Clock.Now = engine.Clock.Now.AddMinutes(1);
        await LogAsync("1.0.0", correct: 10, wrong: 10);
        await LogAsync("1.1.0", correct: 20, wrong: 0);
        engine.Clock.Now = engine.Clock.Now.AddMinutes(1);

        var stopped = await service.StopAsync(test.Id, new AbTestStopInput("enough", RequestPromotion: true), EngineHarness.Engineer, None);
        Assert.False(stopped.Running);
        Assert.Equal("WinnerB", stopped.Status);
        Assert.NotNull(stopped.PromotionRequestId);
        Assert.Contains("waits for an approver", stopped.PromotionNote, StringComparison.Ordinal);
        await using (var db = await engine.Contexts.CreateDbContextAsync())
        {
            Assert.Equal(Stage.Staging, await db.ModelVersions.Where(v => v.Version == "1.1.0").Select(v => v.Stage).SingleAsync());
        }

        var serving = await engine.Deployments.GetAsync("churn", None);
        Assert.Equal(100m, serving.Allocations.Single(a => a.Version == "1.0.0").Percent);

        // Predictions and labels after the stop do not rewrite the decision.
        engine.Clock.Now = engine.Clock.Now.AddMinutes(1);
        await LogAsync("1.1.0", correct: 0, wrong: 40);
        var later = await service.GetAsync(test.Id, None);
        Assert.Equal(20, later.Arms[1].Samples);
        Assert.Equal("WinnerB", later.Status);

        var again = await Assert.ThrowsAsync<DomainException>(() => service.StopAsync(test.Id, null, EngineHarness.Engineer, None));
        Assert.Equal(FailureKind.Conflict, again.Kind);
        Assert.Equal(1, await engine.CountAsync(db => db.AuditEvents.Where(e => e.Action == "abtest.stopped")));
        Assert.Equal(1, await engine.CountAsync(db => db.AuditEvents.Where(e => e.Action == "abtest.promotion_requested")));
        Assert.Single(await service.ListAsync("churn", None));
    }

    [Fact]
    public async Task Latency_tests_use_welch_over_the_logged_latencies()
    {
        var test = await service.CreateAsync("churn", Input(metric: "latency", minSamples: 5), EngineHarness.Engineer, None);
        engine.Clock.Now = engine.Clock.Now.AddMinutes(1);
        double[] a = [10, 12, 11, 13, 12, 11];
        double[] b = [20, 22, 19, 21, 23, 20];
        await using (var db = await engine.Contexts.CreateDbContextAsync())
        {
            db.Predictions.AddRange(a.Select(l => Record("1.0.0", 1, 1, l)).Concat(b.Select(l => Record("1.1.0", 1, 1, l))));
            await db.SaveChangesAsync();
        }

        var view = await service.GetAsync(test.Id, None);
        var expected = WelchTest.Compare(SampleSummary.Of(a), SampleSummary.Of(b), 0.05);
        Assert.Equal("WinnerA", view.Status);
        Assert.Equal(expected.PValue, view.PValue!.Value, 10);
        Assert.Equal(11, view.Arms[0].LatencyP50Ms);
        Assert.Equal(23, view.Arms[1].LatencyP95Ms);
        Assert.Null(view.Arms[0].Successes);
    }

    [Fact]
    public async Task A_health_rollback_of_the_challenger_ends_the_test_as_interrupted_with_its_numbers_frozen_at_the_rollback()
    {
        var test = await service.CreateAsync("churn", Input(minSamples: 500), EngineHarness.Engineer, None);
        engine.Clock.Now = engine.Clock.Now.AddMinutes(1);
        await LogAsync("1.0.0", correct: 150, wrong: 0);
        await LogAsync("1.1.0", correct: 10, wrong: 140);
        engine.Clock.Now = engine.Clock.Now.AddSeconds(30);

        var outcome = await engine.Deployments.EvaluateAsync("churn", None);
        Assert.Equal("RollBack", outcome.Action);
        var rolledBackAt = engine.Clock.Now.UtcDateTime;

        // More traffic to A after the rollback does not move the frozen numbers.
        engine.Clock.Now = engine.Clock.Now.AddMinutes(5);
        await LogAsync("1.0.0", correct: 50, wrong: 0);
        var view = await service.GetAsync(test.Id, None);
        Assert.False(view.Running);
        Assert.True(view.Interrupted);
        Assert.Equal("system", view.StoppedBy);
        Assert.Equal(rolledBackAt, view.StoppedAt);
        Assert.Contains("rolled back by system", view.StopReason, StringComparison.Ordinal);
        Assert.StartsWith($"Interrupted at {rolledBackAt:yyyy-MM-ddTHH:mm:ss}Z:", view.StopReason, StringComparison.Ordinal);
        Assert.Equal(150, view.Arms[0].Samples);
        Assert.Equal(150, view.Arms[1].Samples);
        Assert.True((await service.ListAsync("churn", None)).Single().Interrupted);
        Assert.Equal(1, await engine.CountAsync(db => db.AuditEvents.Where(e => e.Action == "abtest.interrupted" && e.EntityId == test.Id.ToString())));
        Assert.True((await engine.Audit.VerifyAsync(None)).Valid);

        // A person's stop afterwards is refused with who ended it; a new test may start.
        var stop = await Assert.ThrowsAsync<DomainException>(() => service.StopAsync(test.Id, null, EngineHarness.Engineer, None));
        Assert.Equal(FailureKind.Conflict, stop.Kind);
        Assert.Contains("by system", stop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_change_that_takes_the_split_ends_a_running_test_once_whoever_reads_first()
    {
        var test = await service.CreateAsync("churn", Input(percentB: 20m), EngineHarness.Engineer, None);
        Assert.Equal(0, await service.EndInterruptedAsync(None));

        engine.Clock.Now = engine.Clock.Now.AddMinutes(1);
        await engine.Deployments.SetTrafficAsync("churn", new TrafficInput([new ShareInput("1.0.0", 90m), new ShareInput("1.1.0", 10m)], Reason: "less risk"), null, EngineHarness.Engineer, None);

        Assert.Equal(1, await service.EndInterruptedAsync(None));
        Assert.Equal(0, await service.EndInterruptedAsync(None));
        var view = await service.GetAsync(test.Id, None);
        Assert.True(view.Interrupted);
        Assert.Contains("traffic changed by engineer", view.StopReason, StringComparison.Ordinal);
        Assert.Contains("less risk", view.StopReason, StringComparison.Ordinal);
        Assert.Equal(1, await engine.CountAsync(db => db.AuditEvents.Where(e => e.Action == "abtest.interrupted")));

        // The person's split stays: ending an interrupted test restores nothing.
        var serving = await engine.Deployments.GetAsync("churn", None);
        Assert.Equal(10m, serving.Allocations.Single(a => a.Version == "1.1.0").Percent);
    }

    private static AbTestInput Input(string b = "1.1.0", decimal percentB = 20m, string metric = "accuracy", int minSamples = 100) =>
        new("1.0.0", b, percentB, metric, minSamples, null);

    private async Task LogAsync(string version, int correct, int wrong, bool shadow = false, int unlabelled = 0)
    {
        await using var db = await engine.Contexts.CreateDbContextAsync();
        for (var i = 0; i < correct; i++)
        {
            db.Predictions.Add(Record(version, 1, 1, 5 + i, shadow));
        }

        for (var i = 0; i < wrong; i++)
        {
            db.Predictions.Add(Record(version, 1, 0, 5 + i, shadow));
        }

        for (var i = 0; i < unlabelled; i++)
        {
            db.Predictions.Add(Record(version, 1, null, 5, shadow));
        }

        await db.SaveChangesAsync();
    }

    private PredictionRecord Record(string version, double prediction, double? label, double latency, bool shadow = false) => new()
    {
        Id = Guid.NewGuid(),
        ModelId = ModelId(),
        ModelName = "churn",
        Version = version,
        Shadow = shadow,
        Inputs = "{}",
        Prediction = prediction,
        Score = prediction,
        LatencyMs = latency,
        At = engine.Clock.Now.UtcDateTime,
        Label = label,
        LabelledAt = label is null ? null : engine.Clock.Now.UtcDateTime,
    };

    private Guid ModelId()
    {
        using var db = engine.Contexts.CreateDbContext();
        return db.Models.Single(m => m.Name == "churn").Id;
    }
}
