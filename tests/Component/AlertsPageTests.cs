using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Portal.Components.Pages.Alerts;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class AlertsPageTests : PortalComponentContext
{
    /// <summary>How long to wait for a page's work on a busy machine (a wait, not a speed assertion).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly Actor Viewer = new("view-id", "viewer@test", new HashSet<string> { PortalRoles.Viewer });

    private async Task<Guid> RaiseAsync(string model, AlertSeverity severity, string title, DateTime at)
    {
        if (!(await Registry.ListModelsAsync(null, new PageRequest(1, 50), CancellationToken.None)).Items.Any(m => m.Name == model))
        {
            await Registry.CreateModelAsync(new CreateModel(model, "binary_classification", null, [new("x", "numeric")], null, null), Engineer, CancellationToken.None);
        }

        var contexts = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var m = await db.Models.SingleAsync(x => x.Name == model);
        var alert = AlertLedger.Raise(db, Services.GetRequiredService<AuditTrail>(), m.Id, m.Name, "1.0.0", AlertKind.DatasetDrift, severity, title, null, AlertSources.DriftReport, Guid.NewGuid().ToString(), at);
        await db.SaveChangesAsync();
        return alert.Id;
    }

    private IRenderedComponent<AlertsPage> RenderPage(out IRenderedComponent<MudDialogProvider> dialogs)
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        dialogs = Render<MudDialogProvider>();
        return Render<AlertsPage>();
    }

    [Fact]
    public async Task An_engineer_acknowledges_an_alert_with_a_note_and_it_leaves_the_open_list()
    {
        var id = await RaiseAsync("fraud", AlertSeverity.Critical, "fraud 1.0.0: dataset drift, 50 % of features drifted (x).", new DateTime(2026, 11, 24, 9, 30, 0, DateTimeKind.Utc));
        SignIn(Engineer);
        var cut = RenderPage(out var dialogs);

        var row = cut.WaitForElement("[data-testid=alert-row]", Patience);
        Assert.Contains("fraud 1.0.0: dataset drift, 50 % of features drifted (x).", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("2026-11-24T09:30Z", cut.Find("[data-testid=alert-raised]").TextContent);
        Assert.Equal("/models/fraud/drift", cut.Find("[data-testid=alert-source]").GetAttribute("href"));

        cut.Find("[data-testid=alert-acknowledge]").Click();
        var confirm = dialogs.WaitForElement("[data-testid=reason-confirm]", Patience);
        Assert.True(confirm.HasAttribute("disabled"));
        dialogs.Find("textarea[data-testid=reason-input]").Input("Known seasonal shift");
        dialogs.Find("[data-testid=reason-confirm]").Click();

        cut.WaitForElement("[data-testid=alerts-empty]", Patience);
        var stored = (await Services.GetRequiredService<AlertService>().GetAsync(id, CancellationToken.None)).Alert;
        Assert.False(stored.Open);
        Assert.Equal("engineer@test", stored.AcknowledgedBy);
        Assert.Equal("Known seasonal shift", stored.AcknowledgementNote);
    }

    [Fact]
    public async Task A_viewer_sees_alerts_but_no_acknowledge_button()
    {
        await RaiseAsync("fraud", AlertSeverity.High, "fraud 1.0.0: high drift in 1 of 1 features (x).", DateTime.UtcNow);
        SignIn(Viewer);
        var cut = RenderPage(out _);

        cut.WaitForElement("[data-testid=alert-row]", Patience);

        Assert.Empty(cut.FindAll("[data-testid=alert-acknowledge]"));
    }

    [Fact]
    public async Task Severity_chips_and_the_all_filter_narrow_and_widen_the_list()
    {
        var now = DateTime.UtcNow;
        await RaiseAsync("fraud", AlertSeverity.Critical, "critical one", now.AddMinutes(-2));
        var high = await RaiseAsync("churn", AlertSeverity.High, "high one", now.AddMinutes(-1));
        await Services.GetRequiredService<AlertService>().AcknowledgeAsync(high, "seen", Engineer, CancellationToken.None);
        await RaiseAsync("churn", AlertSeverity.High, "high two", now);
        SignIn(Engineer);
        var cut = RenderPage(out _);

        cut.WaitForAssertion(() => Assert.Equal(["high two", "critical one"], cut.FindAll("[data-testid=alert-title]").Select(t => t.TextContent)), Patience);

        cut.FindAll("[data-testid=alert-severity-filter] .mud-chip").Single(c => c.TextContent.Trim() == "Critical").Click();
        cut.WaitForAssertion(() => Assert.Equal(["critical one"], cut.FindAll("[data-testid=alert-title]").Select(t => t.TextContent)), Patience);

        cut.FindAll("[data-testid=alert-severity-filter] .mud-chip").Single(c => c.TextContent.Trim() == "Critical").Click();
        cut.FindAll("[data-testid=alert-status-filter] .mud-chip").Single(c => c.TextContent.Trim() == "All").Click();
        cut.WaitForAssertion(() => Assert.Equal(["high two", "high one", "critical one"], cut.FindAll("[data-testid=alert-title]").Select(t => t.TextContent)), Patience);
        Assert.Contains("Acknowledged by engineer@test", cut.Find("[data-testid=alert-acknowledged]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Details_show_the_evidence_and_that_no_webhook_was_set()
    {
        await RaiseAsync("fraud", AlertSeverity.Critical, "fraud 1.0.0: dataset drift.", DateTime.UtcNow);
        SignIn(Viewer);
        var cut = RenderPage(out _);

        cut.WaitForElement("[data-testid=alert-details]", Patience).Click();

        cut.WaitForAssertion(() => Assert.Contains("No webhook for this model", cut.Find("[data-testid=alert-detail]").TextContent, StringComparison.Ordinal), Patience);
    }
}
