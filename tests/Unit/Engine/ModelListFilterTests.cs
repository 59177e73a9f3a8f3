using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Tests.Unit.Engine;

public sealed class ModelListFilterTests : IAsyncLifetime
{
    private readonly EngineHarness h = new();

    public async Task InitializeAsync()
    {
        await Create("alpha", "binary_classification", ["risk", "team-a"]);
        await Create("bravo", "regression", ["pricing"]);
        await Create("charlie", "binary_classification", ["risk"]);
        await Create("delta", "anomaly_detection", []);
        await h.RegisterAsync("alpha", "1.0.0", 0.9);
        await h.RegisterAsync("alpha", "1.1.0", 0.9);
        var request = await h.StagedRequestAsync("bravo", "1.0.0", 0.9);
        await h.Promotions.ApproveAsync(request.Id, "good", EngineHarness.Approver, CancellationToken.None);
        await h.RegisterAsync("charlie", "0.1.0", 0.9);
        await h.Registry.ChangeStageAsync("charlie", "0.1.0", "Staging", "try", EngineHarness.Engineer, CancellationToken.None);
    }

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Theory]
    [InlineData(null, "binary_classification", null, null, "alpha,charlie")]
    [InlineData(null, null, "Production", null, "bravo")]
    [InlineData(null, null, "Staging", null, "charlie")]
    [InlineData(null, null, "None", null, "delta")]
    [InlineData(null, null, null, "risk", "alpha,charlie")]
    [InlineData(null, null, null, "team-a", "alpha")]
    [InlineData(null, null, null, "nobody-uses-this", "")]
    [InlineData("lph", "binary_classification", null, "risk", "alpha")]
    public async Task Filters_combine_in_the_query(string? search, string? task, string? stage, string? tag, string expected)
    {
        var page = await h.Registry.FindModelsAsync(new ModelFilter(search, task, stage, tag), new PageRequest(1, 10), CancellationToken.None);

        Assert.Equal(expected, string.Join(",", page.Items.Select(m => m.Name)));
        Assert.Equal(page.Items.Count, page.Total);
    }

    [Theory]
    [InlineData("name", "alpha,bravo,charlie,delta")]
    [InlineData("-name", "delta,charlie,bravo,alpha")]
    [InlineData("-versions", "alpha,bravo,charlie,delta")]
    [InlineData("versions", "delta,bravo,charlie,alpha")]
    [InlineData("-created", "delta,charlie,bravo,alpha")]
    public async Task Sorts_by_name_versions_or_creation_with_the_name_breaking_ties(string sort, string expected)
    {
        var page = await h.Registry.FindModelsAsync(new ModelFilter(Sort: sort), new PageRequest(1, 10), CancellationToken.None);

        Assert.Equal(expected, string.Join(",", page.Items.Select(m => m.Name)));
    }

    [Theory]
    [InlineData(null, "classification", null, "sort", "task")]
    [InlineData(null, null, "Live", null, "stage")]
    [InlineData("owner", null, null, null, "sort")]
    public async Task Unknown_filter_values_are_refused_naming_the_field(string? sort, string? task, string? stage, string? _, string field)
    {
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            h.Registry.FindModelsAsync(new ModelFilter(Task: task, Stage: stage, Sort: sort), new PageRequest(1, 10), CancellationToken.None));

        Assert.Equal(FailureKind.Validation, ex.Kind);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_in_use_are_listed_once_in_order()
    {
        Assert.Equal(["pricing", "risk", "team-a"], await h.Registry.TagsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Update_replaces_description_tags_and_gate_and_audits_before_and_after()
    {
        var updated = await h.Registry.UpdateModelAsync("alpha", new UpdateModel("Fraud on card payments", ["risk", "cards"], new MetricGate("auc", 0.8)), EngineHarness.Engineer, CancellationToken.None);

        Assert.Equal("Fraud on card payments", updated.Description);
        Assert.Equal(["risk", "cards"], updated.Tags);
        Assert.Equal(new MetricGate("auc", 0.8), updated.MetricGate);
        await using var db = await h.Contexts.CreateDbContextAsync();
        var e = await db.AuditEvents.SingleAsync(a => a.Action == "model.updated");
        Assert.Equal("alpha", e.EntityId);
        Assert.Contains("team-a", e.Before, StringComparison.Ordinal);
        Assert.Contains("cards", e.After, StringComparison.Ordinal);
        Assert.Equal("alpha", string.Join(",", (await h.Registry.FindModelsAsync(new ModelFilter(Tag: "cards"), new PageRequest(), CancellationToken.None)).Items.Select(m => m.Name)));
    }

    [Fact]
    public async Task Update_refusals_change_nothing_and_viewers_may_not_update()
    {
        var tooLong = new string('t', FieldLimits.Tag + 1);
        await Assert.ThrowsAsync<DomainException>(() => h.Registry.UpdateModelAsync("alpha", new UpdateModel("x", [tooLong]), EngineHarness.Engineer, CancellationToken.None));
        await Assert.ThrowsAsync<DomainException>(() => h.Registry.UpdateModelAsync("alpha", new UpdateModel("x", MetricGate: new MetricGate("auc", double.NaN)), EngineHarness.Engineer, CancellationToken.None));
        var denied = await Assert.ThrowsAsync<DomainException>(() => h.Registry.UpdateModelAsync("alpha", new UpdateModel("x"), EngineHarness.Viewer, CancellationToken.None));

        Assert.Equal(FailureKind.Forbidden, denied.Kind);
        var alpha = await h.Registry.GetModelAsync("alpha", CancellationToken.None);
        Assert.Equal(["risk", "team-a"], alpha.Tags);
        Assert.Equal(0, await h.CountAsync(db => db.AuditEvents.Where(a => a.Action == "model.updated")));
    }

    [Fact]
    public async Task Settings_and_drift_thresholds_change_in_one_transaction_or_not_at_all()
    {
        var strict = Domain.Drift.Analysis.DriftThresholds.Default with { PsiHigh = 0.15, DatasetDriftShare = 0.3 };
        await h.Registry.UpdateModelAsync("alpha", new UpdateModel("Cards", ["risk"], null, strict), EngineHarness.Engineer, CancellationToken.None);

        await using (var db = await h.Contexts.CreateDbContextAsync())
        {
            Assert.Equal(strict, (await db.Models.SingleAsync(m => m.Name == "alpha")).DriftThresholds);
            Assert.Equal(1, await db.AuditEvents.CountAsync(a => a.Action == "drift.thresholds_changed"));
            Assert.Equal(1, await db.AuditEvents.CountAsync(a => a.Action == "model.updated"));
        }

        // Bad thresholds refuse the whole change: the description stays too.
        var broken = strict with { PsiModerate = 0.3 };
        await Assert.ThrowsAsync<DomainException>(() => h.Registry.UpdateModelAsync("alpha", new UpdateModel("Changed", ["risk"], null, broken), EngineHarness.Engineer, CancellationToken.None));
        Assert.Equal("Cards", (await h.Registry.GetModelAsync("alpha", CancellationToken.None)).Description);

        // Absent thresholds stay as they are.
        await h.Registry.UpdateModelAsync("alpha", new UpdateModel("Cards v2", ["risk"]), EngineHarness.Engineer, CancellationToken.None);
        await using var read = await h.Contexts.CreateDbContextAsync();
        Assert.Equal(strict, (await read.Models.SingleAsync(m => m.Name == "alpha")).DriftThresholds);
        Assert.Equal(1, await read.AuditEvents.CountAsync(a => a.Action == "drift.thresholds_changed"));
    }

    private async Task Create(string name, string task, List<string> tags)
    {
        h.Clock.Now = h.Clock.Now.AddMinutes(1);
        await h.Registry.CreateModelAsync(new CreateModel(name, task, Tags: tags), EngineHarness.Engineer, CancellationToken.None);
    }
}
