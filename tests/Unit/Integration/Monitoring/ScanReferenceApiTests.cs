using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Tests.Unit.Monitoring;

namespace ModelLifecycle.Tests.Unit.Integration.Monitoring;

/// <summary>The uploaded reference CSV of scans and the model webhook's screen routes, over HTTP on the real app.</summary>
public sealed class ScanReferenceApiTests(MonitoringFixture fixture) : IClassFixture<MonitoringFixture>
{
    private async Task<MonitoringScenario> DeployedAsync()
    {
        var s = new MonitoringScenario(fixture.App);
        await s.StartAsync();
        return s;
    }

    private static string Csv(MonitoringScenario.Window w, bool scores = false)
    {
        var csv = new StringBuilder(string.Join(",", MonitoringScenario.Numeric) + ",plan" + (scores ? ",score" : "") + "\n");
        for (var i = 0; i < w.Plan.Length; i++)
        {
            csv.Append(string.Join(",", MonitoringScenario.Numeric.Select(n => w.Numeric[n][i].ToString("R", CultureInfo.InvariantCulture))))
                .Append(',').Append(w.Plan[i]);
            if (scores)
            {
                csv.Append(',').Append(w.Scores[i].ToString("R", CultureInfo.InvariantCulture));
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    private static Task<HttpResponseMessage> PutReferenceAsync(HttpClient client, string model, string csv, string fileName = "reference.csv")
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", fileName } };
        return client.PutAsync($"/api/v1/models/{model}/monitoring/reference", form);
    }

    private static async Task<JsonElement> ScanAsync(MonitoringScenario s)
    {
        var response = await s.Engineer.PostAsync($"/api/v1/models/{s.Model}/monitoring/scan", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report");
    }

    [Fact]
    public async Task The_reference_csv_routes_check_roles_and_refuse_bad_csvs_without_changing_anything()
    {
        var s = await DeployedAsync();
        var url = $"/api/v1/models/{s.Model}/monitoring/reference";
        var good = Csv(MonitoringScenario.Draw(50, seed: 20));
        Assert.Equal(HttpStatusCode.NotFound, (await s.Viewer.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutReferenceAsync(s.Viewer, s.Model, good)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Engineer.PutAsJsonAsync(url, new { file = "x" })).StatusCode);

        foreach (var (csv, expected) in new[]
        {
            ("f0,f1,f2,f3\n1,2,3,4\n", "lacks the model's feature column(s): plan"),
            ("f0,f1,f2,f3,plan\n1,2,3,x,gold\n", "non-numeric value 'x' in numeric column 'f3' at row 2"),
            ("f0,f1,f2,f3,plan\n1,2,3,4,gold\n", "needs at least 10"),
        })
        {
            var bad = await PutReferenceAsync(s.Engineer, s.Model, csv);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(expected, await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await s.Viewer.GetAsync(url)).StatusCode);

        var stored = await PutReferenceAsync(s.Engineer, s.Model, good, "baseline.csv");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var view = await stored.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("baseline.csv", view.GetProperty("fileName").GetString());
        Assert.Equal(50, view.GetProperty("rows").GetInt32());
        Assert.Equal(view.GetProperty("sha256").GetString(), (await s.Viewer.GetFromJsonAsync<JsonElement>(url)).GetProperty("sha256").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await s.Engineer.DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Viewer.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Engineer.DeleteAsync(url)).StatusCode);

        await using var db = await s.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "monitoring.reference_uploaded" && e.EntityId == s.Model));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "monitoring.reference_removed" && e.EntityId == s.Model));
    }

    [Fact]
    public async Task The_scan_uses_the_uploaded_csv_after_the_dataset_and_the_log_and_names_the_reference_it_used()
    {
        var s = await DeployedAsync();
        var now = DateTime.UtcNow;
        var current = MonitoringScenario.Draw(300, seed: 21, new Dictionary<string, double> { ["f2"] = 1.5 });
        await s.LogAsync(current, now.AddHours(-2));

        // No training dataset, no log before the current window, no CSV: nothing to compare, and the 409 says all three.
        var none = await s.Engineer.PostAsync($"/api/v1/models/{s.Model}/monitoring/scan", null);
        Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        var why = await none.Content.ReadAsStringAsync();
        Assert.Contains("no stored training dataset", why, StringComparison.Ordinal);
        Assert.Contains("no predictions logged before the current window", why, StringComparison.Ordinal);
        Assert.Contains("no reference CSV was uploaded", why, StringComparison.Ordinal);

        var baseline = MonitoringScenario.Draw(400, seed: 22);
        Assert.Equal(HttpStatusCode.OK, (await PutReferenceAsync(s.Engineer, s.Model, Csv(baseline, scores: true), "baseline.csv")).StatusCode);
        var csv = await ScanAsync(s);
        Assert.Equal("csv", csv.GetProperty("referenceKind").GetString());
        Assert.StartsWith("uploaded CSV baseline.csv", csv.GetProperty("referenceSource").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, csv.GetProperty("referenceRows").GetInt32());
        var drifted = csv.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("drifted").GetBoolean()).Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Equal(["f2"], drifted);
        Assert.True(csv.GetProperty("concept").ValueKind == JsonValueKind.Object);

        // A log window before the current one comes before the CSV in the documented order ...
        await s.LogAsync(MonitoringScenario.Draw(300, seed: 23), now.AddDays(-2));
        var log = await ScanAsync(s);
        Assert.Equal("log", log.GetProperty("referenceKind").GetString());
        Assert.Equal(300, log.GetProperty("referenceRows").GetInt32());

        // ... unless the settings choose the CSV.
        var chosen = await s.Engineer.PutAsJsonAsync($"/api/v1/models/{s.Model}/monitoring", new { reference = "csv" });
        Assert.Equal("csv", (await chosen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString());
        Assert.Equal("csv", (await ScanAsync(s)).GetProperty("referenceKind").GetString());

        // Removed while chosen: the scan says there is no reference and stores nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await s.Engineer.DeleteAsync($"/api/v1/models/{s.Model}/monitoring/reference")).StatusCode);
        var gone = await s.Engineer.PostAsync($"/api/v1/models/{s.Model}/monitoring/scan", null);
        Assert.Equal(HttpStatusCode.Conflict, gone.StatusCode);
        await using var db = await s.Contexts.CreateDbContextAsync();
        Assert.Equal(3, await db.DriftReports.CountAsync(r => r.ModelId == s.ModelId));
    }

    [Fact]
    public async Task The_webhook_keeps_its_secret_on_a_url_change_sends_a_signed_test_and_lists_deliveries()
    {
        var s = await DeployedAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = $"/api/v1/models/{s.Model}/webhook";
        Assert.Equal(HttpStatusCode.OK, (await s.Engineer.PutAsJsonAsync(url, new { url = receiver.Url + "?v=1", secret = "s3cret" })).StatusCode);
        var changed = await s.Engineer.PutAsJsonAsync(url, new { url = receiver.Url, keepSecret = true });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.True((await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hasSecret").GetBoolean());

        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.PostAsync($"{url}/test", null)).StatusCode);
        var test = await s.Engineer.PostAsync($"{url}/test", null);
        Assert.Equal(HttpStatusCode.OK, test.StatusCode);
        var result = await test.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("delivered").GetBoolean());
        Assert.Equal(200, result.GetProperty("statusCode").GetInt32());
        var received = Assert.Single(receiver.Requests);
        Assert.Equal(AlertWebhookSender.Signature("s3cret", Encoding.UTF8.GetBytes(received.Body)), received.Signature);
        Assert.Equal("Test", JsonDocument.Parse(received.Body).RootElement.GetProperty("kind").GetString());

        // An empty secret without keepSecret removes it (as before this field existed).
        Assert.False((await (await s.Engineer.PutAsJsonAsync(url, new { url = receiver.Url })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hasSecret").GetBoolean());

        Assert.Equal(0, (await s.Viewer.GetFromJsonAsync<JsonElement>($"{url}/deliveries")).GetArrayLength());
        await using (var db = await s.Contexts.CreateDbContextAsync())
        {
            var audit = fixture.App.Services.GetRequiredService<ModelLifecycle.Domain.Audit.AuditTrail>();
            AlertLedger.Raise(db, audit, s.ModelId, s.Model, "1.0.0", AlertKind.DatasetDrift, AlertSeverity.High, $"{s.Model}: test drift", null, null, null, DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        var deliveries = await s.Viewer.GetFromJsonAsync<JsonElement>($"{url}/deliveries");
        var delivery = Assert.Single(deliveries.EnumerateArray());
        Assert.Equal($"{s.Model}: test drift", delivery.GetProperty("alertTitle").GetString());
        Assert.Equal(receiver.Url, delivery.GetProperty("url").GetString());
    }
}
