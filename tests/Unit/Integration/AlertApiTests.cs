using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Tests.Unit.Integration.Deployments;
using ModelLifecycle.Tests.Unit.Monitoring;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>The app with the health evaluator parked (tests evaluate by hand) and a webhook outbox that retries quickly.</summary>
public sealed class AlertFixture : IAsyncLifetime
{
    public PortalApp App { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Portal:Deployments:HealthInterval"] = "01:00:00",
            ["Portal:Alerts:WebhookPollInterval"] = "00:00:00.200",
            ["Portal:Alerts:WebhookBackoff"] = "00:00:00.200",
            ["Portal:Alerts:WebhookMaxBackoff"] = "00:00:01",
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Alerts over HTTP: raised by manual-mode breaches and drift uploads, listed, acknowledged, and sent to webhooks.</summary>
public sealed class AlertApiTests(AlertFixture fixture) : IClassFixture<AlertFixture>, IAsyncLifetime
{
    private readonly DeploymentScenario s = new(fixture.App);

    public async Task InitializeAsync()
    {
        await s.StartAsync();
        await s.ProductionAndCandidateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A manual-mode canary whose candidate breaches the accuracy limit, evaluated once: one breach alert.</summary>
    private async Task<JsonElement> BreachAsync()
    {
        var deployed = await s.DeployAsync(new { strategy = "canary", candidateVersion = "1.1.0", trafficPercent = 20m, policy = new { mode = "manual", minSamples = 20 } });
        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
        await s.LogAsync("1.0.0", 100, labelled: 100, correct: 95);
        await s.LogAsync("1.1.0", 100, labelled: 100, correct: 80);
        Assert.Equal("Alert", (await s.EvaluateAsync()).Action);
        var list = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?model={s.Model}");
        return Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    private static string Window(int rows, int seed, double shift)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("x\n");
        for (var i = 0; i < rows; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            sb.Append(CultureInfo.InvariantCulture, $"{normal + shift:0.####}\n");
        }

        return sb.ToString();
    }

    private async Task<HttpResponseMessage> UploadDriftAsync(double shift) =>
        await s.Engineer.PostAsync($"/api/v1/models/{s.Model}/drift", new MultipartFormDataContent
        {
            { new StringContent(Window(800, 1, 0)), "reference", "reference.csv" },
            { new StringContent(Window(600, 2, shift)), "current", "current.csv" },
        });

    [Fact]
    public async Task A_manual_breach_is_an_alert_that_engineers_acknowledge_once_with_a_note_and_that_dismisses_the_breach()
    {
        var alert = await BreachAsync();
        var id = alert.GetProperty("id").GetString();
        Assert.Equal("RollbackBreach", alert.GetProperty("kind").GetString());
        Assert.Equal("Critical", alert.GetProperty("severity").GetString());
        Assert.Equal($"/models/{s.Model}/deployments", alert.GetProperty("link").GetString());
        Assert.StartsWith($"{s.Model}: deployment of 1.1.0 needs a decision", alert.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Single((await s.StateAsync()).GetProperty("openAlerts").EnumerateArray());

        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.PostAsJsonAsync($"/api/v1/alerts/{id}/acknowledge", new { note = "fine" })).StatusCode);
        var noNote = await s.Engineer.PostAsJsonAsync($"/api/v1/alerts/{id}/acknowledge", new { note = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Contains("note", await DeploymentScenario.ProblemAsync(noNote), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Engineer.PostAsJsonAsync($"/api/v1/alerts/{Guid.NewGuid()}/acknowledge", new { note = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Viewer.GetAsync($"/api/v1/alerts/{Guid.NewGuid()}")).StatusCode);

        var acknowledged = await s.Engineer.PostAsJsonAsync($"/api/v1/alerts/{id}/acknowledge", new { note = "labels of a known bad batch" });

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var detail = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/alerts/{id}");
        Assert.False(detail.GetProperty("alert").GetProperty("open").GetBoolean());
        Assert.Equal("labels of a known bad batch", detail.GetProperty("alert").GetProperty("acknowledgementNote").GetString());
        Assert.Empty((await s.StateAsync()).GetProperty("openAlerts").EnumerateArray());
        Assert.Equal(0, (await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?model={s.Model}")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?model={s.Model}&status=all")).GetProperty("total").GetInt32());
        var audit = await s.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=alert.acknowledged&entityId={id}");
        Assert.Equal(1, audit.GetProperty("total").GetInt32());

        var second = await s.Approver.PostAsJsonAsync($"/api/v1/alerts/{id}/acknowledge", new { note = "me too" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already acknowledged by deng", await DeploymentScenario.ProblemAsync(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dismissing_the_breach_on_the_deployment_acknowledges_its_alert()
    {
        var alert = await BreachAsync();
        var breach = Assert.Single((await s.StateAsync()).GetProperty("openAlerts").EnumerateArray()).GetProperty("id").GetString();

        var dismissed = await s.Engineer.PostAsJsonAsync($"/api/v1/models/{s.Model}/deployment/alerts/{breach}/dismiss", new { reason = "acceptable for a day" });

        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        var detail = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/alerts/{alert.GetProperty("id").GetString()}");
        Assert.False(detail.GetProperty("alert").GetProperty("open").GetBoolean());
        Assert.Equal("acceptable for a day", detail.GetProperty("alert").GetProperty("acknowledgementNote").GetString());
    }

    [Fact]
    public async Task Rolling_back_acknowledges_the_breach_alert()
    {
        var alert = await BreachAsync();

        var rolledBack = await s.Engineer.PostAsJsonAsync($"/api/v1/models/{s.Model}/rollback", new { reason = "accuracy dropped" });

        Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        var detail = await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/alerts/{alert.GetProperty("id").GetString()}");
        Assert.False(detail.GetProperty("alert").GetProperty("open").GetBoolean());
        Assert.Equal("Rolled back: accuracy dropped", detail.GetProperty("alert").GetProperty("acknowledgementNote").GetString());
    }

    [Fact]
    public async Task An_uploaded_drift_report_with_dataset_drift_raises_one_alert_and_a_calm_one_none()
    {
        Assert.Equal(HttpStatusCode.Created, (await UploadDriftAsync(0)).StatusCode);
        Assert.Equal(0, (await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?model={s.Model}&status=all")).GetProperty("total").GetInt32());

        var drifted = await UploadDriftAsync(0.8);

        Assert.Equal(HttpStatusCode.Created, drifted.StatusCode);
        var reportId = (await drifted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var alert = Assert.Single((await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?model={s.Model}")).GetProperty("items").EnumerateArray());
        Assert.Equal("DatasetDrift", alert.GetProperty("kind").GetString());
        Assert.Equal("drift-report", alert.GetProperty("sourceType").GetString());
        Assert.Equal(reportId, alert.GetProperty("sourceId").GetString());
        Assert.Equal($"/models/{s.Model}/drift", alert.GetProperty("link").GetString());
        Assert.Contains("dataset drift", alert.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_webhook_receives_the_alert_after_a_failed_attempt_and_the_delivery_is_recorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500);
        var url = $"/api/v1/models/{s.Model}/webhook";
        Assert.Equal(HttpStatusCode.NotFound, (await s.Viewer.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.PutAsJsonAsync(url, new { url = receiver.Url })).StatusCode);
        var ftp = await s.Engineer.PutAsJsonAsync(url, new { url = "ftp://example.test/hook" });
        Assert.Equal(HttpStatusCode.BadRequest, ftp.StatusCode);
        Assert.StartsWith("url", await DeploymentScenario.ProblemAsync(ftp), StringComparison.Ordinal);

        var set = await s.Engineer.PutAsJsonAsync(url, new { url = receiver.Url, secret = "shared-secret" });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var text = await set.Content.ReadAsStringAsync();
        Assert.DoesNotContain("shared-secret", text, StringComparison.Ordinal);
        Assert.True((await s.Viewer.GetFromJsonAsync<JsonElement>(url)).GetProperty("hasSecret").GetBoolean());
        Assert.Equal(1, (await s.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=alert.webhook_set&entityId={s.Model}")).GetProperty("total").GetInt32());

        Assert.Equal(HttpStatusCode.Created, (await UploadDriftAsync(0.8)).StatusCode);
        var id = Assert.Single((await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?model={s.Model}")).GetProperty("items").EnumerateArray()).GetProperty("id").GetString();

        // The real dispatcher works the outbox in the background: wait for the recorded outcome, not for a time.
        JsonElement delivery = default;
        for (var i = 0; i < 300; i++)
        {
            delivery = Assert.Single((await s.Viewer.GetFromJsonAsync<JsonElement>($"/api/v1/alerts/{id}")).GetProperty("deliveries").EnumerateArray());
            if (delivery.GetProperty("status").GetString() != "Pending")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("Delivered", delivery.GetProperty("status").GetString());
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(2, receiver.Requests.Count);
        var received = receiver.Requests.Last();
        Assert.Equal(AlertWebhookSender.Signature("shared-secret", Encoding.UTF8.GetBytes(received.Body)), received.Signature);
        var payload = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal(id, payload.GetProperty("id").GetString());
        Assert.Equal(s.Model, payload.GetProperty("model").GetString());
    }
}
