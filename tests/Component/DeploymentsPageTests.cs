using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Portal.Components.Pages.Deployments;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class DeploymentsPageTests : PortalComponentContext
{
    private static readonly Actor Viewer = new("view-id", "viewer@test", new HashSet<string> { PortalRoles.Viewer });
    private static readonly Actor Admin = new("admin-id", "admin@test", new HashSet<string> { PortalRoles.Admin });
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private DeploymentService Deployments => Services.GetRequiredService<DeploymentService>();

    [Fact]
    public async Task Page_shows_the_live_split_and_each_versions_health()
    {
        await CanaryAsync(10m);
        await LogPredictionsAsync("1.1.0", ok: 3, failed: 1);
        SignIn(Viewer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDeployments>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForAssertion(() => Assert.Equal("1.0.0 90 % · 1.1.0 10 %", cut.Find("[data-testid=split]").TextContent), Patience);
        Assert.Contains("Stable: 1.0.0", cut.Find("[data-testid=stable-version]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Canary of 1.1.0", cut.Find("[data-testid=strategy]").TextContent, StringComparison.Ordinal);
        var canary = cut.Find("[data-testid=health-row][data-version='1.1.0']");
        Assert.Equal("4", canary.QuerySelector("[data-testid=health-requests]")!.TextContent);
        Assert.Contains("25.0 %", canary.TextContent, StringComparison.Ordinal);
        var deployed = cut.Find("[data-testid=history-event][data-kind=deployed]");
        Assert.Equal("Deployed", deployed.QuerySelector("[data-testid=event-kind]")!.TextContent);
        Assert.Contains("1.0.0 90 %", deployed.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_sees_the_deployment_without_any_control()
    {
        await CanaryAsync(10m);
        SignIn(Viewer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDeployments>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=health-table]", Patience);
        Assert.Empty(cut.FindAll("[data-testid=controls]"));
        Assert.Empty(cut.FindAll("[data-testid=canary-slider]"));
        Assert.Empty(cut.FindAll("[data-testid=rollback]"));
        Assert.Empty(cut.FindAll("[data-testid=deploy]"));
    }

    [Fact]
    public async Task Slider_then_Apply_states_the_change_and_confirming_sets_the_new_split()
    {
        await CanaryAsync(10m);
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ModelDeployments>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=canary-slider] input[type=range]", Patience).Input("25");
        cut.WaitForAssertion(() => Assert.Equal("1.1.0: 25 % · 1.0.0: 75 %", cut.Find("[data-testid=slider-label]").TextContent), Patience);
        cut.Find("[data-testid=apply-traffic]").Click();
        dialogs.WaitForAssertion(() => Assert.Equal(
            "Move 1.1.0 from 10 % to 25 % of churn's traffic; 1.0.0 goes from 90 % to 75 %.",
            dialogs.Find("[data-testid=traffic-dialog-text]").TextContent), Patience);
        dialogs.Find("textarea[data-testid=traffic-reason]").Input("Healthy for an hour");
        dialogs.Find("[data-testid=traffic-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal("1.0.0 75 % · 1.1.0 25 %", cut.Find("[data-testid=split]").TextContent), Patience);
        var live = await Deployments.GetAsync("churn", CancellationToken.None);
        Assert.Equal([75m, 25m], live.Allocations.Select(a => a.Percent));
        var change = live.RecentEvents.First(e => e.Kind == "traffic_changed");
        Assert.Equal("Healthy for an hour", change.Reason);
        Assert.Equal("engineer@test", change.Actor);
    }

    [Fact]
    public async Task Quick_steps_above_the_cap_are_disabled()
    {
        await CanaryAsync(10m);
        await Deployments.SetCandidateCapAsync("churn", 30m, Admin, CancellationToken.None);
        SignIn(Engineer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDeployments>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=quick-25]", Patience);
        Assert.False(cut.Find("[data-testid=quick-25]").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid=quick-50]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_change_made_by_someone_else_meanwhile_is_refused_with_its_message_and_the_page_reloads()
    {
        await CanaryAsync(10m);
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ModelDeployments>(p => p.Add(x => x.Name, "churn"));
        cut.WaitForElement("[data-testid=quick-25]", Patience).Click();

        // Another engineer moves the canary after this page read the split.
        var read = await Deployments.GetAsync("churn", CancellationToken.None);
        await Deployments.SetTrafficAsync("churn", new TrafficInput([new("1.0.0", 60m), new("1.1.0", 40m)], read.ConcurrencyStamp), null, Approver, CancellationToken.None);
        cut.Find("[data-testid=apply-traffic]").Click();
        dialogs.WaitForElement("[data-testid=traffic-confirm]", Patience).Click();

        cut.WaitForAssertion(() => Assert.Equal("1.0.0 60 % · 1.1.0 40 %", cut.Find("[data-testid=split]").TextContent), Patience);
        var snackbar = Services.GetRequiredService<ISnackbar>();
        Assert.Contains(snackbar.ShownSnackbars, s => s.Message?.Contains("changed since you read it", StringComparison.Ordinal) == true);
        Assert.Equal(40m, (await Deployments.GetAsync("churn", CancellationToken.None)).Allocations.Single(a => a.Version == "1.1.0").Percent);
    }

    [Fact]
    public async Task Rollback_asks_for_a_reason_and_sends_all_traffic_to_the_stable_version()
    {
        await CanaryAsync(10m);
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ModelDeployments>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=rollback]", Patience).Click();
        dialogs.WaitForElement("textarea[data-testid=reason-input]", Patience).Input("Latency spikes on the canary");
        dialogs.Find("[data-testid=reason-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal("1.0.0 100 %", cut.Find("[data-testid=split]").TextContent), Patience);
        var live = await Deployments.GetAsync("churn", CancellationToken.None);
        Assert.Equal("RolledBack", live.Status);
        Assert.Contains(live.RecentEvents, e => e.Kind == "rolled_back" && e.Reason == "Latency spikes on the canary");
    }

    [Fact]
    public async Task Dashboard_shows_each_models_split_in_words_and_not_deployed_for_the_others()
    {
        await CanaryAsync(10m);
        await Registry.CreateModelAsync(new CreateModel("fraud", "binary_classification", "Fraud", [new("amount", "numeric")], null, null), Engineer, CancellationToken.None);
        SignIn(Viewer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelLifecycle.Portal.Components.Pages.Dashboard.Dashboard>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=serving-split]").Count), Patience);
        var splits = cut.FindAll("[data-testid=serving-split]").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains("1.0.0 90 %, 1.1.0 10 %", splits);
        Assert.Contains("not deployed", splits);

        var index = Render<DeploymentsIndex>();
        index.WaitForAssertion(() => Assert.Equal(2, index.FindAll("[data-testid=deployment-row]").Count), Patience);
        var churn = index.FindAll("[data-testid=deployment-row]").Single(r => r.TextContent.Contains("churn", StringComparison.Ordinal));
        Assert.Equal("1.0.0 90 %, 1.1.0 10 %", churn.QuerySelector("[data-testid=split]")!.TextContent);
        Assert.Contains("Canary of 1.1.0", churn.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not deployed", index.FindAll("[data-testid=deployment-row]").Single(r => r.TextContent.Contains("fraud", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manual_mode_breach_shows_on_the_page_and_the_dashboard_and_dismissing_it_asks_for_a_reason()
    {
        await CanaryAsync(10m, new RollbackPolicyInput(MinSamples: 5, Mode: "manual"));
        await LogPredictionsAsync("1.1.0", ok: 5, failed: 5);
        var outcome = await Deployments.EvaluateAsync("churn", CancellationToken.None);
        Assert.Equal("Alert", outcome.Action);
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();

        var dashboard = Render<ModelLifecycle.Portal.Components.Pages.Dashboard.Dashboard>();
        dashboard.WaitForAssertion(() => Assert.Contains(dashboard.FindAll("[data-testid=dashboard-alert]"),
            a => a.TextContent.Contains("churn: deployment of 1.1.0 needs a decision", StringComparison.Ordinal) && a.QuerySelector("a[href='/models/churn/deployments']") is not null), Patience);

        var cut = Render<ModelDeployments>(p => p.Add(x => x.Name, "churn"));
        cut.WaitForElement("[data-testid=deployment-alert] [data-testid=alert-dismiss]", Patience).Click();
        dialogs.WaitForElement("textarea[data-testid=reason-input]", Patience).Input("Errors came from a bad client batch");
        dialogs.Find("[data-testid=reason-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=deployment-alert]")), Patience);
        Assert.Empty(await Deployments.OpenAlertsAsync(CancellationToken.None));
        Assert.Equal("1.0.0 90 % · 1.1.0 10 %", cut.Find("[data-testid=split]").TextContent);
    }

    /// <summary>churn 1.0.0 in Production (serving 100 %) and 1.1.0 deployed from Staging as a canary.</summary>
    private async Task CanaryAsync(decimal percent, RollbackPolicyInput? policy = null)
    {
        var request = await PendingRequestAsync(Engineer);
        await Promotions.ApproveAsync(request.Id, "Good", Approver, CancellationToken.None);
        using var artifact = new MemoryStream([4, 5, 6]);
        await Registry.RegisterVersionAsync("churn", new VersionMetadata("1.1.0", new() { ["auc"] = 0.93 }), artifact, "churn.zip", Engineer, CancellationToken.None);
        await Registry.ChangeStageAsync("churn", "1.1.0", "Staging", null, Engineer, CancellationToken.None);
        await Deployments.DeployAsync("churn", new DeployInput("canary", "1.1.0", percent, Policy: policy), Engineer, CancellationToken.None);
    }

    private async Task LogPredictionsAsync(string version, int ok, int failed)
    {
        var contexts = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var model = await db.Models.SingleAsync(m => m.Name == "churn");
        var now = DateTime.UtcNow;
        for (var i = 0; i < ok + failed; i++)
        {
            db.Predictions.Add(new PredictionRecord
            {
                Id = Guid.CreateVersion7(),
                ModelId = model.Id,
                ModelName = "churn",
                Version = version,
                Inputs = "{\"tenure\":1}",
                Prediction = i < ok ? 1 : null,
                Score = i < ok ? 0.9 : null,
                LatencyMs = 2 + i,
                At = now.AddSeconds(-1 - i),
                Succeeded = i < ok,
            });
        }

        await db.SaveChangesAsync();
    }
}
