using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Drift.Statistics;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Jobs.Monitoring;

namespace ModelLifecycle.Tests.Unit.Integration.Monitoring;

public sealed class MonitoringFixture : IAsyncLifetime
{
    // Small pages so every scan crosses many page edges, ties included; one trial per triggered retraining.
    public PortalApp App { get; } = new()
    {
        Settings = new Dictionary<string, string> { ["Portal:Monitoring:ChunkSize"] = "7", ["Portal:Monitoring:RetrainTrials"] = "1" },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class MonitoringApiTests(MonitoringFixture fixture) : IClassFixture<MonitoringFixture>
{
    private static readonly Dictionary<string, double> Shift = new() { ["f1"] = 1.0, ["f3"] = -0.8 };

    private async Task<MonitoringScenario> DeployedAsync()
    {
        var s = new MonitoringScenario(fixture.App);
        await s.StartAsync();
        return s;
    }

    [Fact]
    public async Task A_scan_finds_the_shifted_features_and_agrees_with_the_csv_path()
    {
        var s = await DeployedAsync();
        var now = DateTime.UtcNow;
        var reference = MonitoringScenario.Draw(1500, seed: 1);
        var current = MonitoringScenario.Draw(1203, seed: 2, Shift, planGold: 0.6);
        await s.LogAsync(reference, now.AddDays(-3));
        await s.LogAsync(current, now.AddHours(-2), labelled: true);

        var response = await s.Engineer.PostAsync($"/api/v1/models/{s.Model}/monitoring/scan", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var report = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report");
        Assert.Equal("scan", report.GetProperty("source").GetString());
        Assert.Equal(1500, report.GetProperty("referenceRows").GetInt32());
        Assert.Equal(1203, report.GetProperty("currentRows").GetInt32());
        var features = report.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        var drifted = features.Values.Where(f => f.GetProperty("drifted").GetBoolean()).Select(f => f.GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(["f1", "f3", "plan"], drifted);

        // The CSV path on the same data: PSI to 1e-9, KS within the sketch's bound (D_grid ≤ D ≤ D_grid + bound).
        var csv = DriftAnalyzer.Analyze(
            new DriftWindow { Numeric = reference.Numeric, Categorical = new Dictionary<string, IReadOnlyList<string?>> { ["plan"] = reference.Plan }, Scores = reference.Scores },
            new DriftWindow { Numeric = current.Numeric, Categorical = new Dictionary<string, IReadOnlyList<string?>> { ["plan"] = current.Plan }, Scores = current.Scores });
        foreach (var expected in csv.Features)
        {
            var actual = features[expected.Name];
            Assert.Equal(expected.Psi!.Value, actual.GetProperty("psi").GetDouble(), 1e-9);
            Assert.Equal(expected.Severity.ToString(), actual.GetProperty("severity").GetString(), ignoreCase: true);
            if (expected.Kind == FeatureKind.Numeric)
            {
                var sorted = reference.Numeric[expected.Name].Order().ToArray();
                var bound = ReferenceSketch.FromSorted(sorted).KsErrorBound;
                var ks = actual.GetProperty("ks").GetDouble();
                Assert.InRange(expected.Ks!.Value, ks - 1e-12, ks + bound + 1e-12);

                // Wasserstein: the CSV path's exact W1 within the bound the streamed window states for the same data
                // (see StreamingWindow: exact tails, exact cell areas, only cells where the ECDFs cross are uncertain).
                var stream = new StreamingWindow(ReferenceSketch.FromSorted(sorted));
                stream.Add(current.Numeric[expected.Name]);
                var wBound = stream.Result().WassersteinErrorBound;
                Assert.InRange(actual.GetProperty("wasserstein").GetDouble(), expected.Wasserstein!.Value - wBound - 1e-9, expected.Wasserstein.Value + wBound + 1e-9);
                Assert.Equal(expected.WassersteinNormalized!.Value, actual.GetProperty("wassersteinNormalized").GetDouble(), wBound + 1e-9);
            }
            else
            {
                Assert.Equal(expected.PValue!.Value, actual.GetProperty("pValue").GetDouble(), 1e-9);
            }
        }

        // Concept drift from the scores; performance from the labels against the version's training metrics.
        var concept = report.GetProperty("concept");
        Assert.Equal(csv.Concept!.Psi!.Value, concept.GetProperty("psi").GetDouble(), 1e-9);
        Assert.Equal(csv.Concept.PositiveRateChange!.Value, concept.GetProperty("positiveRateChange").GetDouble(), 1e-12);
        var performance = report.GetProperty("performance");
        Assert.Equal(1203, performance.GetProperty("labelled").GetInt64());
        var accuracy = performance.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "accuracy");
        var expectedAccuracy = current.Labels.Zip(current.Predictions).Count(p => p.First == p.Second) / 1203.0;
        Assert.Equal(expectedAccuracy, accuracy.GetProperty("current").GetDouble(), 1e-12);
        Assert.Equal((0.9 - expectedAccuracy) * 100, accuracy.GetProperty("dropPoints").GetDouble(), 1e-9);

        // Stored as an ordinary drift report, audited, with its alerts in the same unit of work.
        var id = Guid.Parse(report.GetProperty("id").GetString()!);
        var stored = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/drift/reports/{id}");
        Assert.Equal("scan", stored.GetProperty("source").GetString());
        var distributions = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/drift/reports/{id}/distributions");
        Assert.Equal(5, distributions.GetArrayLength());
        await using var db = await s.Contexts.CreateDbContextAsync();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "drift.report_stored" && e.EntityId == id.ToString()));
        var alerts = await db.Alerts.Where(a => a.ModelId == s.ModelId).ToListAsync();
        Assert.Contains(alerts, a => a.Kind is AlertKind.FeatureDrift or AlertKind.DatasetDrift && a.SourceId == id.ToString() && a.Title.EndsWith($"(scan by {stored.GetProperty("createdBy").GetString()}).", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_current_window_is_a_clear_409_and_stores_nothing()
    {
        var s = await DeployedAsync();
        await s.LogAsync(MonitoringScenario.Draw(200, seed: 3), DateTime.UtcNow.AddDays(-3));

        var response = await s.Engineer.PostAsync($"/api/v1/models/{s.Model}/monitoring/scan", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("holds 0 predictions", problem.GetProperty("detail").GetString());
        await using var db = await s.Contexts.CreateDbContextAsync();
        Assert.False(await db.DriftReports.AnyAsync(r => r.ModelId == s.ModelId));
        Assert.False(await db.Alerts.AnyAsync(a => a.ModelId == s.ModelId));
    }

    [Fact]
    public async Task Roles_and_bad_input_on_the_monitoring_routes()
    {
        var s = await DeployedAsync();
        var get = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{s.Model}/monitoring");
        Assert.Equal(24, get.GetProperty("currentHours").GetInt32());
        Assert.Equal(0.3, get.GetProperty("triggerDriftShare").GetDouble());
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.PutAsJsonAsync($"/api/v1/models/{s.Model}/monitoring", new { cron = "0 * * * *" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.PostAsync($"/api/v1/models/{s.Model}/monitoring/scan", null)).StatusCode);

        foreach (var (body, field) in new (object, string)[]
        {
            (new { cron = "every minute" }, "cron"),
            (new { reference = "upload" }, "reference"),
            (new { currentHours = 0 }, "currentHours"),
            (new { triggerDriftShare = 1.5 }, "triggerDriftShare"),
        })
        {
            var bad = await s.Engineer.PutAsJsonAsync($"/api/v1/models/{s.Model}/monitoring", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains(field, await bad.Content.ReadAsStringAsync());
        }

        await using (var db = await s.Contexts.CreateDbContextAsync())
        {
            Assert.False(await db.MonitoringSettings.AnyAsync(m => m.ModelId == s.ModelId));
        }

        var set = await s.Engineer.PutAsJsonAsync($"/api/v1/models/{s.Model}/monitoring", new { cron = "0 * * * *", reference = "log", currentHours = 12 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var view = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("log", view.GetProperty("reference").GetString());
        Assert.Equal(12, view.GetProperty("currentHours").GetInt32());

        // The schedule is a Hangfire recurring job in this host's storage; a blank cron removes it.
        var storage = fixture.App.Services.GetRequiredService<JobStorage>();
        using (var connection = storage.GetConnection())
        {
            Assert.Contains(connection.GetRecurringJobs(), j => j.Id == HangfireDriftScanScheduler.RecurringId(s.Model) && j.Cron == "0 * * * *");
        }

        Assert.Equal(HttpStatusCode.OK, (await s.Engineer.PutAsJsonAsync($"/api/v1/models/{s.Model}/monitoring", new { cron = "" })).StatusCode);
        using (var connection = storage.GetConnection())
        {
            Assert.DoesNotContain(connection.GetRecurringJobs(), j => j.Id == HangfireDriftScanScheduler.RecurringId(s.Model));
        }

        await using var read = await s.Contexts.CreateDbContextAsync();
        Assert.Equal(2, await read.AuditEvents.CountAsync(e => e.Action == "monitoring.settings_changed" && e.EntityId == s.Model));
    }

    [Fact]
    public async Task The_trigger_fires_once_per_cooldown_and_alerts_are_not_repeated_while_open()
    {
        var s = await DeployedAsync();
        var now = DateTime.UtcNow;
        await s.LogAsync(MonitoringScenario.Draw(600, seed: 4), now.AddDays(-3));
        await s.LogAsync(MonitoringScenario.Draw(400, seed: 5, Shift), now.AddHours(-1));
        Assert.Equal(HttpStatusCode.OK, (await s.Engineer.PutAsJsonAsync($"/api/v1/models/{s.Model}/monitoring", new { retrainTrigger = true, triggerDriftShare = 0.3 })).StatusCode);

        // No dataset yet: the trigger stores its intent as an alert.
        var first = await ScanAsync(s);
        Assert.Equal("Intent", first.GetProperty("trigger").GetString(), ignoreCase: true);
        Assert.Contains("no dataset", first.GetProperty("triggerDetail").GetString());

        // Within the cooldown: suppressed (audited), no second trigger alert, and no second drift alert while one is open.
        var second = await ScanAsync(s);
        Assert.Equal("Suppressed", second.GetProperty("trigger").GetString(), ignoreCase: true);
        await using (var db = await s.Contexts.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Alerts.CountAsync(a => a.ModelId == s.ModelId && a.Kind == AlertKind.RetrainTrigger));
            Assert.Equal(1, await db.Alerts.CountAsync(a => a.ModelId == s.ModelId && (a.Kind == AlertKind.FeatureDrift || a.Kind == AlertKind.DatasetDrift)));
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "monitoring.retrain_triggered" && e.EntityId == s.Model));
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "monitoring.retrain_suppressed" && e.EntityId == s.Model));
            Assert.Equal(2, await db.DriftReports.CountAsync(r => r.ModelId == s.ModelId && r.Source == DriftReport.ScanSource));

            // The cooldown has passed (as if a day went by) and a dataset exists: the trigger queues a retraining.
            var settings = await db.MonitoringSettings.SingleAsync(m => m.ModelId == s.ModelId);
            settings.LastTriggeredAt = now.AddDays(-2);
            await db.SaveChangesAsync();
        }

        var csv = new StringBuilder("f0,f1,f2,f3,plan,label\n");
        var train = MonitoringScenario.Draw(300, seed: 6);
        for (var i = 0; i < 300; i++)
        {
            csv.Append(System.FormattableString.Invariant($"{train.Numeric["f0"][i]},{train.Numeric["f1"][i]},{train.Numeric["f2"][i]},{train.Numeric["f3"][i]},{train.Plan[i]},{train.Labels[i]}\n"));
        }

        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", "train.csv" } };
        Assert.Equal(HttpStatusCode.Created, (await s.Engineer.PostAsync($"/api/v1/models/{s.Model}/datasets", form)).StatusCode);

        var third = await ScanAsync(s);
        Assert.Equal("Fired", third.GetProperty("trigger").GetString(), ignoreCase: true);
        var jobId = third.GetProperty("retrainJobId").GetString();
        var job = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}");
        Assert.Equal("drift", job.GetProperty("trigger").GetString());

        var history = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{s.Model}/monitoring/triggers");
        Assert.Equal(2, history.GetArrayLength());
        Assert.Equal(jobId, history[0].GetProperty("sourceId").GetString());
    }

    [Fact]
    public async Task The_recurring_job_scans_and_lists_its_report()
    {
        var s = await DeployedAsync();
        var now = DateTime.UtcNow;
        await s.LogAsync(MonitoringScenario.Draw(300, seed: 7), now.AddDays(-2));
        await s.LogAsync(MonitoringScenario.Draw(300, seed: 8, Shift), now.AddHours(-3));

        using (var scope = fixture.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DriftScanJob>().RunAsync(s.Model, CancellationToken.None);
        }

        var scans = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{s.Model}/monitoring/scans");
        Assert.Equal(1, scans.GetProperty("total").GetInt32());
        Assert.Equal("system", scans.GetProperty("items")[0].GetProperty("createdBy").GetString());
        await using var db = await s.Contexts.CreateDbContextAsync();
        var alert = await db.Alerts.SingleAsync(a => a.ModelId == s.ModelId && (a.Kind == AlertKind.FeatureDrift || a.Kind == AlertKind.DatasetDrift));
        Assert.EndsWith("(scheduled scan).", alert.Title, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ScanAsync(MonitoringScenario s)
    {
        var response = await s.Engineer.PostAsync($"/api/v1/models/{s.Model}/monitoring/scan", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
