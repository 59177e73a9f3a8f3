using Bunit;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Portal.Components.Pages.Registry;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class ModelPageTests : PortalComponentContext
{
    private static readonly Actor Viewer = new("view-id", "viewer@test", new HashSet<string> { PortalRoles.Viewer });

    [Fact]
    public async Task Model_detail_lists_versions_with_stage_and_one_column_per_metric_gated_metric_first()
    {
        await PendingRequestAsync(Engineer);
        await RegisterAsync("1.1.0", new() { ["accuracy"] = 0.8, ["auc"] = 0.93, ["f1"] = 0.7 });
        SignIn(Engineer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForAssertion(() => Assert.Equal("churn", cut.Find("[data-testid=model-name]").TextContent));
        Assert.Equal(["auc", "accuracy", "f1"], cut.FindAll("[data-testid=metric-column]").Select(c => c.TextContent.Trim()));
        var rows = cut.FindAll("[data-testid=versions-table] tbody tr");
        Assert.Equal(["1.1.0", "1.0.0"], rows.Select(r => r.QuerySelector("[data-testid=version]")!.TextContent));
        Assert.Equal("0.93", rows[0].QuerySelector("[data-testid=metric-auc]")!.TextContent);
        Assert.Equal("—", rows[1].QuerySelector("[data-testid=metric-f1]")!.TextContent);
        Assert.Contains("Staging", rows[1].QuerySelector("[data-testid=stage-chip]")!.TextContent, StringComparison.Ordinal);
        // The chart opens on the gated metric, oldest version first.
        var chart = cut.Find("[data-testid=metric-chart] svg");
        Assert.Equal("auc by version", chart.GetAttribute("aria-label"));
        Assert.Contains("gate (0.800)", chart.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_production_is_hidden_while_a_request_for_that_version_is_pending()
    {
        await PendingRequestAsync(Engineer);
        await RegisterAsync("1.1.0", new() { ["auc"] = 0.93 });
        await Registry.ChangeStageAsync("churn", "1.1.0", "Staging", null, Engineer, CancellationToken.None);
        SignIn(Engineer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=versions-table]");
        var pending = Row(cut, "1.0.0");
        Assert.NotNull(pending.QuerySelector("[data-testid=pending-chip]"));
        Assert.Null(pending.QuerySelector("[data-testid=request-promotion]"));
        Assert.NotNull(Row(cut, "1.1.0").QuerySelector("[data-testid=request-promotion]"));
    }

    [Fact]
    public async Task Request_production_opens_a_dialog_and_files_the_request_with_the_justification()
    {
        await CreateChurnAsync();
        await RegisterAsync("1.0.0", new() { ["auc"] = 0.93 });
        await Registry.ChangeStageAsync("churn", "1.0.0", "Staging", null, Engineer, CancellationToken.None);
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=request-promotion]").Click();
        dialogs.WaitForElement("textarea[data-testid=reason-input]").Input("Beats 0.9 on the holdout");
        dialogs.Find("[data-testid=reason-confirm]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(Row(cut, "1.0.0").QuerySelector("[data-testid=pending-chip]")));
        var filed = (await Promotions.ListAsync("pending", "churn", new PageRequest(), CancellationToken.None)).Items.Single();
        Assert.Equal("Beats 0.9 on the holdout", filed.Justification);
        Assert.Equal(Stage.Production, filed.TargetStage);
    }

    [Fact]
    public async Task Archive_asks_for_a_reason_and_cancelling_changes_nothing()
    {
        await CreateChurnAsync();
        await RegisterAsync("1.0.0", new() { ["auc"] = 0.93 });
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=archive]").Click();
        dialogs.WaitForElement("[data-testid=reason-dialog-text]");
        Assert.True(dialogs.Find("[data-testid=reason-confirm]").HasAttribute("disabled"));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=reason-dialog-text]")));
        Assert.Equal(Stage.None, (await Registry.GetVersionAsync("churn", "1.0.0", CancellationToken.None)).Stage);

        cut.Find("[data-testid=archive]").Click();
        dialogs.WaitForElement("textarea[data-testid=reason-input]").Input("Superseded by the March retrain");
        dialogs.Find("[data-testid=reason-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Archived", Row(cut, "1.0.0").QuerySelector("[data-testid=stage-chip]")!.TextContent, StringComparison.Ordinal));
        var history = (await Registry.StageHistoryAsync("churn", new PageRequest(), CancellationToken.None)).Items;
        Assert.Contains(history, t => t.To == Stage.Archived && t.Reason == "Superseded by the March retrain");
    }

    [Fact]
    public async Task Viewer_sees_versions_but_no_stage_actions()
    {
        await PendingRequestAsync(Engineer);
        SignIn(Viewer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=versions-table]");
        Assert.Empty(cut.FindAll("[data-testid=request-promotion]"));
        Assert.Empty(cut.FindAll("[data-testid=archive]"));
        Assert.Empty(cut.FindAll("[data-testid=to-staging]"));
    }

    [Fact]
    public async Task New_model_without_versions_says_what_to_do_next()
    {
        await CreateChurnAsync();
        SignIn(Engineer);

        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForAssertion(() => Assert.Contains("register the first version", cut.Find("[data-testid=no-versions]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=versions-table]"));
    }

    [Fact]
    public void Unknown_model_shows_a_clear_message()
    {
        SignIn(Viewer);
        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "ghost"));
        cut.WaitForAssertion(() => Assert.Contains("No model named 'ghost'", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Admin_makes_critical_drift_blocking_on_the_model_page_and_others_only_read_the_policy()
    {
        var admin = new Actor("admin-id", "admin@test", new HashSet<string> { PortalRoles.Admin });
        await PendingRequestAsync(Engineer);
        SignIn(admin);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=approval-policy] input[type=checkbox]").Count), TimeSpan.FromSeconds(30));
        var drift = cut.FindAll("[data-testid=approval-policy] input[type=checkbox]")[1];
        Assert.Contains("drift", drift.ParentElement!.ParentElement!.TextContent, StringComparison.OrdinalIgnoreCase);
        drift.Change(true);
        cut.Find("[data-testid=save-approval-policy]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Critical drift: blocking", cut.Find("[data-testid=approval-policy-summary]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal(new Domain.Approvals.ApprovalPolicy(false, true), await Promotions.ApprovalPolicyAsync("churn", CancellationToken.None));
    }

    [Fact]
    public async Task Viewer_reads_the_approval_policy_but_cannot_change_it()
    {
        var admin = new Actor("admin-id", "admin@test", new HashSet<string> { PortalRoles.Admin });
        await PendingRequestAsync(Engineer);
        await Promotions.SetApprovalPolicyAsync("churn", new Domain.Approvals.ApprovalPolicyInput(true, false), admin, CancellationToken.None);
        SignIn(Viewer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForAssertion(() => Assert.Contains("Metric gate: blocking", cut.Find("[data-testid=approval-policy-summary]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("[data-testid=save-approval-policy]"));
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<ModelDetail> cut, string version) =>
        cut.FindAll("[data-testid=versions-table] tbody tr").Single(r => r.QuerySelector("[data-testid=version]")!.TextContent == version);

    private Task CreateChurnAsync() =>
        Registry.CreateModelAsync(new CreateModel("churn", "binary_classification", "Customer churn", [new("tenure", "numeric")], null, new MetricGate("auc", 0.8)), Engineer, CancellationToken.None);

    private async Task RegisterAsync(string version, Dictionary<string, double> metrics)
    {
        using var artifact = new MemoryStream([1, 2, 3, (byte)version.Length, (byte)version[^1]]);
        await Registry.RegisterVersionAsync("churn", new VersionMetadata(version, metrics), artifact, "churn.zip", Engineer, CancellationToken.None);
    }
}
