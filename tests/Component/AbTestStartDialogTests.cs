using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.AbTests;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Portal.Components.Pages.AbTests;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

/// <summary>The "Start A/B test" dialog of a model's A/B tests tab, over the real engine.</summary>
public sealed class AbTestStartDialogTests : PortalComponentContext
{
    private static readonly Actor Viewer = new("view-id", "viewer@test", new HashSet<string> { PortalRoles.Viewer });
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private AbTestService Tests => Services.GetRequiredService<AbTestService>();

    [Fact]
    public async Task An_engineer_starts_a_test_in_the_dialog_choosing_among_the_versions_that_can_serve()
    {
        await DeployedWithCandidatesAsync();
        SignIn(Engineer);
        var popovers = Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<AbTestsPanel>(p => p.Add(x => x.ModelName, "churn"));

        cut.WaitForElement("[data-testid=abtest-open-start]:not([disabled])", Patience).Click();
        dialogs.WaitForElement("[data-testid=abtest-start-dialog]", Patience);

        // Offered: the versions that can serve, newest first; the Archived 1.2.0 is not among them.
        Assert.Equal(["1.3.0", "1.1.0 · Staging", "1.0.0 · Production"], await OptionsAsync(dialogs, popovers, "Version B (challenger)"));
        await CloseMenusAsync(dialogs);

        // The usual comparison is proposed: Production as A, the newest other version as B, half of the cap's traffic.
        Assert.Equal("While the test runs: A 1.0.0 gets 50 %, B 1.3.0 gets 50 %. Versions not in Production get 50 % in total, within the model's cap of 50 %.",
            dialogs.Find("[data-testid=abtest-split-preview]").TextContent.Trim());

        await ChooseAsync<string>(dialogs, popovers, "Version B (challenger)", "1.1.0 · Staging");
        dialogs.Find("input[data-testid=abtest-percent]").Input("20");
        dialogs.WaitForAssertion(() => Assert.Contains("A 1.0.0 gets 80 %, B 1.1.0 gets 20 %", dialogs.Find("[data-testid=abtest-split-preview]").TextContent, StringComparison.Ordinal));
        await ChooseAsync<AbMetric>(dialogs, popovers, "Primary metric", "Error rate");
        dialogs.Find("input[data-testid=abtest-min-samples]").Change("40");
        dialogs.Find("input[data-testid=abtest-alpha]").Change("0.01");
        dialogs.Find("[data-testid=abtest-start-confirm]").Click();

        // The engine has the test as chosen, its split is live, and the page moves on to the test.
        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches("/abtests/[0-9a-f-]{36}$", navigation.Uri), Patience);
        var started = Assert.Single(await Tests.ListAsync("churn", CancellationToken.None));
        Assert.EndsWith($"/abtests/{started.Id}", navigation.Uri, StringComparison.Ordinal);
        var test = await Tests.GetAsync(started.Id, CancellationToken.None);
        Assert.Equal(("1.0.0", "1.1.0", 20m, "ErrorRate", 40, 0.01, "engineer@test"), (test.Arms[0].Version, test.Arms[1].Version, test.PercentB, test.Metric, test.MinSamplesPerArm, test.Alpha, test.StartedBy));
        var serving = await Services.GetRequiredService<DeploymentService>().GetAsync("churn", CancellationToken.None);
        Assert.Equal(80m, serving.Allocations.Single(a => a.Version == "1.0.0").Percent);
        Assert.Equal(20m, serving.Allocations.Single(a => a.Version == "1.1.0").Percent);
    }

    [Theory]
    [InlineData("abtest-percent", "60", "percentB: versions not in Production would get 60 % in total, above the model's cap of 50 %.")]
    [InlineData("abtest-percent", "12.25", "percentB: 12.25 has more than one decimal.")]
    [InlineData("abtest-alpha", "0.7", "alpha: 0.7 is not a significance level above 0 and at most 0.5.")]
    [InlineData("abtest-min-samples", "1", "minSamplesPerArm: 1 is not between 2 and 10000000.")]
    public async Task A_refused_start_shows_the_engines_message_and_changes_nothing(string field, string value, string message)
    {
        await DeployedWithCandidatesAsync();
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<AbTestsPanel>(p => p.Add(x => x.ModelName, "churn"));

        cut.WaitForElement("[data-testid=abtest-open-start]:not([disabled])", Patience).Click();
        dialogs.WaitForElement("[data-testid=abtest-start-dialog]", Patience);
        var input = dialogs.Find($"input[data-testid={field}]");
        if (field == "abtest-percent")
        {
            input.Input(value); // updates as the person types, so the split preview follows

            // Before starting, the preview already says what the engine will: the same rule answers both.
            dialogs.WaitForAssertion(() => Assert.StartsWith(message, dialogs.Find("[data-testid=abtest-split-preview]").TextContent.Trim(), StringComparison.Ordinal));
        }
        else
        {
            input.Change(value);
        }

        dialogs.Find("[data-testid=abtest-start-confirm]").Click();

        dialogs.WaitForAssertion(() => Assert.StartsWith(message, dialogs.Find("[data-testid=abtest-start-error]").TextContent.Trim(), StringComparison.Ordinal), Patience);
        Assert.NotEmpty(dialogs.FindAll("[data-testid=abtest-start-dialog]"));
        Assert.Empty(await Tests.ListAsync("churn", CancellationToken.None));
        var serving = await Services.GetRequiredService<DeploymentService>().GetAsync("churn", CancellationToken.None);
        Assert.Equal(100m, serving.Allocations.Single(a => a.Version == "1.0.0").Percent);
    }

    [Fact]
    public async Task The_same_version_on_both_arms_is_refused_with_the_engines_message()
    {
        await DeployedWithCandidatesAsync();
        SignIn(Engineer);
        var popovers = Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<AbTestsPanel>(p => p.Add(x => x.ModelName, "churn"));

        cut.WaitForElement("[data-testid=abtest-open-start]:not([disabled])", Patience).Click();
        dialogs.WaitForElement("[data-testid=abtest-start-dialog]", Patience);
        await ChooseAsync<string>(dialogs, popovers, "Version B (challenger)", "1.0.0 · Production");
        dialogs.WaitForAssertion(() => Assert.Equal("Choose two different versions.", dialogs.Find("[data-testid=abtest-split-preview]").TextContent.Trim()));
        dialogs.Find("[data-testid=abtest-start-confirm]").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("versionB: 1.0.0 is also versionA; an A/B test compares two different versions.", dialogs.Find("[data-testid=abtest-start-error]").TextContent.Trim()), Patience);
        Assert.Empty(await Tests.ListAsync("churn", CancellationToken.None));
    }

    [Fact]
    public async Task Viewers_see_no_start_button_and_the_engine_refuses_them_too()
    {
        await DeployedWithCandidatesAsync();
        SignIn(Viewer);

        var cut = Render<AbTestsPanel>(p => p.Add(x => x.ModelName, "churn"));

        cut.WaitForElement("[data-testid=abtests-empty]", Patience);
        Assert.Empty(cut.FindAll("[data-testid=abtest-open-start]"));
        var refused = await Assert.ThrowsAsync<DomainException>(() => Tests.CreateAsync("churn", new AbTestInput("1.0.0", "1.1.0", 20m, "Accuracy", 100, 0.05), Viewer, CancellationToken.None));
        Assert.Equal(FailureKind.Forbidden, refused.Kind);
        Assert.Empty(await Tests.ListAsync("churn", CancellationToken.None));
    }

    [Fact]
    public async Task A_model_that_is_not_deployed_says_why_no_test_can_start()
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification"), Engineer, CancellationToken.None);
        SignIn(Engineer);

        var cut = Render<AbTestsPanel>(p => p.Add(x => x.ModelName, "churn"));

        cut.WaitForAssertion(() => Assert.Equal(
            "'churn' is not deployed yet: an A/B test splits live traffic, which starts with an approved Production promotion.",
            cut.Find("[data-testid=abtest-blocker]").TextContent.Trim()), Patience);
        Assert.True(cut.Find("[data-testid=abtest-open-start]").HasAttribute("disabled"));
    }

    /// <summary>churn: 1.0.0 in Production (all traffic), 1.1.0 Staging, 1.2.0 Archived, 1.3.0 registered without a stage.</summary>
    private async Task DeployedWithCandidatesAsync()
    {
        var request = await PendingRequestAsync(Engineer);
        await Promotions.ApproveAsync(request.Id, "Good", Approver, CancellationToken.None);
        foreach (var version in new[] { "1.1.0", "1.2.0", "1.3.0" })
        {
            using var artifact = new MemoryStream([4, 5, 6]);
            await Registry.RegisterVersionAsync("churn", new VersionMetadata(version, new() { ["auc"] = 0.93 }), artifact, "churn.zip", Engineer, CancellationToken.None);
        }

        await Registry.ChangeStageAsync("churn", "1.1.0", "Staging", null, Engineer, CancellationToken.None);
        await Registry.ChangeStageAsync("churn", "1.2.0", "Archived", null, Engineer, CancellationToken.None);
    }

    private static async Task<List<string>> OptionsAsync(IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<MudPopoverProvider> popovers, string label)
    {
        await dialogs.InvokeAsync(() => Select<string>(dialogs, label).Instance.OpenMenu());
        return popovers.WaitForElements(".mud-popover-open [role=option]", Patience).Select(o => o.TextContent.Trim()).ToList();
    }

    /// <summary>Chooses the way a person does: opens the select, clicks the option with that text, sees it in the field.</summary>
    private static async Task ChooseAsync<T>(IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<MudPopoverProvider> popovers, string label, string option)
    {
        await dialogs.InvokeAsync(() => Select<T>(dialogs, label).Instance.OpenMenu());
        popovers.WaitForElements(".mud-popover-open [role=option]", Patience).Single(o => o.TextContent.Trim() == option).Click();
        dialogs.WaitForAssertion(() => Assert.Equal(option, Select<T>(dialogs, label).Find("input").GetAttribute("value")), Patience);
    }

    private static async Task CloseMenusAsync(IRenderedComponent<MudDialogProvider> dialogs)
    {
        foreach (var select in dialogs.FindComponents<MudSelect<string>>())
        {
            await dialogs.InvokeAsync(() => select.Instance.CloseMenu());
        }
    }

    private static IRenderedComponent<MudSelect<T>> Select<T>(IRenderedComponent<MudDialogProvider> dialogs, string label) =>
        dialogs.FindComponents<MudSelect<T>>().Single(s => s.Instance.Label == label);
}
