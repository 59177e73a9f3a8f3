using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Portal.Components.Pages.Registry;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class ModelSettingsTests : PortalComponentContext
{
    private static readonly Actor Viewer = new("view-id", "viewer@test", new HashSet<string> { PortalRoles.Viewer });

    [Fact]
    public async Task Settings_dialog_saves_description_tags_gate_and_drift_thresholds_through_the_engine()
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification", "old", Tags: ["risk"]), Engineer, CancellationToken.None);
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=edit-model]").Click();
        dialogs.WaitForElement("textarea[data-testid=settings-description]").Change("Churn of monthly subscribers");
        dialogs.Find("input[data-testid=settings-tags]").Change("risk, subscriptions");
        dialogs.Find("input[data-testid=settings-gate]").Change("auc >= 0.85");
        dialogs.Find("input[data-testid=settings-psi-high]").Change("0.25");
        dialogs.Find("[data-testid=model-settings-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Churn of monthly subscribers", cut.Markup, StringComparison.Ordinal));
        var model = await Registry.GetModelAsync("churn", CancellationToken.None);
        Assert.Equal(["risk", "subscriptions"], model.Tags);
        Assert.Equal(new MetricGate("auc", 0.85), model.MetricGate);
        var thresholds = await Services.GetRequiredService<DriftService>().ThresholdsAsync("churn", CancellationToken.None);
        Assert.Equal(0.25, thresholds.PsiHigh);
    }

    [Fact]
    public async Task A_refused_field_is_shown_in_the_dialog_and_nothing_is_saved()
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification", "old"), Engineer, CancellationToken.None);
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=edit-model]").Click();
        dialogs.WaitForElement("textarea[data-testid=settings-description]").Change("new words");
        // High below moderate: refused by the engine's own threshold rule, before the description is saved.
        dialogs.Find("input[data-testid=settings-psi-high]").Change("0.05");
        dialogs.Find("[data-testid=model-settings-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("increasing", dialogs.Find("[data-testid=model-settings-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal("old", (await Registry.GetModelAsync("churn", CancellationToken.None)).Description);
    }

    [Fact]
    public async Task Viewers_get_no_edit_button()
    {
        await Registry.CreateModelAsync(new CreateModel("churn", "binary_classification"), Engineer, CancellationToken.None);
        SignIn(Viewer);
        Render<MudPopoverProvider>();

        var cut = Render<ModelDetail>(p => p.Add(x => x.Name, "churn"));

        cut.WaitForElement("[data-testid=model-name]");
        Assert.Empty(cut.FindAll("[data-testid=edit-model]"));
    }

    [Fact]
    public async Task Models_list_filters_by_tag_with_the_same_query_as_the_api()
    {
        await Registry.CreateModelAsync(new CreateModel("alpha", "binary_classification", Tags: ["risk"]), Engineer, CancellationToken.None);
        await Registry.CreateModelAsync(new CreateModel("bravo", "regression", Tags: ["pricing"]), Engineer, CancellationToken.None);
        SignIn(Engineer);
        Render<MudPopoverProvider>();

        var cut = Render<Models>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=models-table] tbody tr").Count));
        await cut.InvokeAsync(() => cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Tag").Instance.ValueChanged.InvokeAsync("pricing"));

        cut.WaitForAssertion(() => Assert.Equal(["bravo"], cut.FindAll("[data-testid=models-table] tbody tr").Select(r => r.QuerySelector("a")!.TextContent)));
    }
}
