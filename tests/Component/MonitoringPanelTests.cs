using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage;
using ModelLifecycle.Portal.Components.Pages.Registry;
using MudBlazor;

namespace ModelLifecycle.Tests.Component;

public sealed class MonitoringPanelTests : PortalComponentContext
{
    private static readonly Actor Viewer = new("view-id", "viewer@test", new HashSet<string> { PortalRoles.Viewer });

    private Task ModelAsync() =>
        Services.GetRequiredService<ModelRegistry>().CreateModelAsync(
            new CreateModel("churn", "binary_classification", "Customer churn", [new("tenure", "numeric")], null, new MetricGate("auc", 0.8)), Engineer, CancellationToken.None);

    [Fact]
    public async Task Engineer_sets_the_schedule_and_trigger_and_it_is_stored()
    {
        await ModelAsync();
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var cut = Render<MonitoringPanel>(p => p.Add(x => x.ModelName, "churn"));
        cut.WaitForElement("[data-testid=no-scans]");

        cut.Find("input[data-testid=monitoring-cron]").Change("0 */6 * * *");
        cut.Find("input[data-testid=monitoring-hours]").Change("12");
        cut.Find("input[data-testid=monitoring-trigger]").Change(true);
        cut.Find("[data-testid=monitoring-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("settings by engineer@test", cut.Markup, StringComparison.Ordinal));
        var stored = await Services.GetRequiredService<DriftScanService>().SettingsAsync("churn", CancellationToken.None);
        Assert.Equal("0 */6 * * *", stored.Cron);
        Assert.Equal(12, stored.CurrentHours);
        Assert.True(stored.RetrainTrigger);
    }

    [Fact]
    public async Task Viewer_reads_the_settings_without_edit_or_scan_controls()
    {
        await ModelAsync();
        await Services.GetRequiredService<DriftScanService>().SetSettingsAsync("churn", new MonitoringSettingsInput(Cron: "0 3 * * *", RetrainTrigger: true), Engineer, CancellationToken.None);
        SignIn(Viewer);
        var cut = Render<MonitoringPanel>(p => p.Add(x => x.ModelName, "churn"));

        cut.WaitForAssertion(() => Assert.Contains("Scans on '0 3 * * *' (UTC)", cut.Find("[data-testid=monitoring-summary]").TextContent, StringComparison.Ordinal));
        Assert.Contains("retraining trigger on", cut.Find("[data-testid=monitoring-summary]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=monitoring-save]"));
        Assert.Empty(cut.FindAll("[data-testid=monitoring-scan]"));
        Assert.NotNull(cut.Find("[data-testid=no-triggers]"));
    }

    [Fact]
    public async Task The_tab_lists_this_models_alerts_and_not_another_models()
    {
        await ModelAsync();
        await Services.GetRequiredService<ModelRegistry>().CreateModelAsync(new CreateModel("other", "binary_classification", "", [new("x", "numeric")]), Engineer, CancellationToken.None);
        var contexts = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var audit = Services.GetRequiredService<ModelLifecycle.Domain.Audit.AuditTrail>();
            foreach (var m in await db.Models.ToListAsync())
            {
                AlertLedger.Raise(db, audit, m.Id, m.Name, "1.0.0", AlertKind.DatasetDrift, AlertSeverity.Critical, $"{m.Name} 1.0.0: dataset drift", null, null, null, DateTime.UtcNow);
            }

            await db.SaveChangesAsync();
        }

        SignIn(Engineer);
        Render<MudPopoverProvider>();
        var cut = Render<MonitoringPanel>(p => p.Add(x => x.ModelName, "churn"));

        cut.WaitForAssertion(() => Assert.Contains("churn 1.0.0: dataset drift", cut.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("other 1.0.0: dataset drift", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_now_on_a_model_that_is_not_deployed_says_so_and_stores_nothing()
    {
        await ModelAsync();
        SignIn(Engineer);
        Render<MudSnackbarProvider>();
        var cut = Render<MonitoringPanel>(p => p.Add(x => x.ModelName, "churn"));
        cut.WaitForElement("[data-testid=monitoring-scan]").Click();

        cut.WaitForAssertion(() => Assert.Contains("is not deployed", Services.GetRequiredService<ISnackbar>().ShownSnackbars.Single().Message, StringComparison.Ordinal));
        await using var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.DriftReports.AnyAsync());
    }
}
