using Bunit;
using Microsoft.AspNetCore.Components.Forms;
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

    private static string ReferenceCsv(int rows) => "tenure\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i}\n"));

    [Fact]
    public async Task Engineer_uploads_a_reference_csv_and_a_bad_one_is_refused_beside_the_form_storing_nothing()
    {
        await ModelAsync();
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var cut = Render<MonitoringPanel>(p => p.Add(x => x.ModelName, "churn"));
        cut.WaitForElement("[data-testid=no-reference]");

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("tenure\n1\nabc\n", "bad.csv"));
        cut.WaitForAssertion(() => Assert.Contains("bad.csv", cut.Find("[data-testid=reference-file-name]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=reference-upload]").Click();
        cut.WaitForAssertion(() => Assert.Contains("non-numeric value 'abc' in numeric column 'tenure' at row 3", cut.Find("[data-testid=reference-refusal]").TextContent, StringComparison.Ordinal));
        Assert.Null(await Services.GetRequiredService<MonitoringReferences>().GetAsync("churn", CancellationToken.None));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(ReferenceCsv(30), "baseline.csv"));
        cut.WaitForAssertion(() => Assert.Contains("baseline.csv", cut.Find("[data-testid=reference-file-name]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=reference-upload]").Click();
        cut.WaitForAssertion(() => Assert.Contains("baseline.csv · 30 rows", cut.Find("[data-testid=reference-summary]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=reference-refusal]"));
        Assert.Equal("Replace", cut.Find("[data-testid=reference-upload]").TextContent.Trim());
        Assert.Equal(30, (await Services.GetRequiredService<MonitoringReferences>().GetAsync("churn", CancellationToken.None))!.Rows);
    }

    [Fact]
    public async Task Engineer_sets_a_webhook_with_a_secret_that_is_never_shown_back_and_keeps_it_on_a_url_change()
    {
        await ModelAsync();
        SignIn(Engineer);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var cut = Render<MonitoringPanel>(p => p.Add(x => x.ModelName, "churn"));
        cut.WaitForElement("[data-testid=no-webhook]");

        cut.Find("input[data-testid=webhook-url]").Change("https://hooks.example.test/ml");
        cut.Find("input[data-testid=webhook-secret]").Change("top-secret-value");
        cut.Find("[data-testid=webhook-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("signed with the stored secret", cut.Find("[data-testid=webhook-summary]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("top-secret-value", cut.Markup, StringComparison.Ordinal);
        var alerts = Services.GetRequiredService<AlertService>();
        Assert.True((await alerts.WebhookAsync("churn", CancellationToken.None))!.HasSecret);

        // A new URL with "keep the stored secret" (checked by default once one is set) keeps signing.
        cut.Find("input[data-testid=webhook-url]").Change("https://hooks.example.test/ml2");
        cut.Find("[data-testid=webhook-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("https://hooks.example.test/ml2", cut.Find("[data-testid=webhook-summary]").TextContent, StringComparison.Ordinal));
        Assert.True((await alerts.WebhookAsync("churn", CancellationToken.None))!.HasSecret);
    }

    [Fact]
    public async Task Viewer_sees_the_webhook_and_its_deliveries_with_utc_dates_but_no_controls()
    {
        await ModelAsync();
        await Services.GetRequiredService<AlertService>().SetWebhookAsync("churn", new WebhookInput("https://hooks.example.test/ml", "secret-1"), Engineer, CancellationToken.None);
        var contexts = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var model = await db.Models.SingleAsync(m => m.Name == "churn");
            AlertLedger.Raise(db, Services.GetRequiredService<ModelLifecycle.Domain.Audit.AuditTrail>(), model.Id, model.Name, "1.0.0", AlertKind.DatasetDrift, AlertSeverity.High,
                "churn 1.0.0: dataset drift", null, null, null, new DateTime(2026, 11, 24, 9, 30, 5, DateTimeKind.Utc));
            await db.SaveChangesAsync();
        }

        SignIn(Viewer);
        var cut = Render<MonitoringPanel>(p => p.Add(x => x.ModelName, "churn"));

        cut.WaitForAssertion(() => Assert.Contains("https://hooks.example.test/ml", cut.Find("[data-testid=webhook-summary]").TextContent, StringComparison.Ordinal));
        var row = cut.Find("[data-testid=delivery-row]");
        Assert.Contains("churn 1.0.0: dataset drift", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Pending", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-11-24T09:30:05Z", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-1", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=webhook-save]"));
        Assert.Empty(cut.FindAll("[data-testid=webhook-test]"));
        Assert.Empty(cut.FindAll("[data-testid=reference-upload]"));
        Assert.NotNull(cut.Find("[data-testid=no-reference]"));
    }
}
