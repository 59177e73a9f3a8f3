using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Tests.Unit.Integration.Deployments;

/// <summary>
/// The real app for deployment tests. The periodic evaluator is set to an hour so that a test's own evaluation call is
/// the only one (the hosted loop itself is proven by <see cref="DeploymentHealthMonitorTests"/>).
/// </summary>
public sealed class DeploymentFixture : IAsyncLifetime
{
    public PortalApp App { get; } = new() { Settings = new Dictionary<string, string> { ["Portal:Deployments:HealthInterval"] = "01:00:00" } };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>One model per test with an engineer, an approver (four eyes) and a viewer, and the steps every test needs.</summary>
public sealed class DeploymentScenario(PortalApp app)
{
    public string Model { get; } = $"d{Guid.NewGuid():N}"[..12];

    public HttpClient Engineer { get; private set; } = default!;

    public HttpClient Approver { get; private set; } = default!;

    public HttpClient Viewer { get; private set; } = default!;

    public HttpClient Admin { get; private set; } = default!;

    public PortalApp App => app;

    public async Task StartAsync(string task = "binary_classification")
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        Engineer = await app.UserAsync($"deng{suffix}@it.test", "Engineer");
        Approver = await app.UserAsync($"dapp{suffix}@it.test", "Approver");
        Viewer = await app.UserAsync($"dview{suffix}@it.test", "Viewer");
        Admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var created = await Engineer.PostAsJsonAsync("/api/v1/models", new
        {
            name = Model,
            task,
            features = new[] { new { name = "x", type = "numeric" } },
        });
        created.EnsureSuccessStatusCode();
    }

    /// <summary>Uploads a version and moves it to Staging; returns its SHA-256.</summary>
    public async Task<string> StagedAsync(string version)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"artifact {version} {Guid.NewGuid()}"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "artifact", "model.zip");
        form.Add(new StringContent(JsonSerializer.Serialize(new { version, metrics = new { auc = 0.9 } })), "metadata");
        var upload = await Engineer.PostAsync($"/api/v1/models/{Model}/versions", form);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Engineer.PostAsJsonAsync($"/api/v1/models/{Model}/versions/{version}/stage", new { stage = "Staging" })).StatusCode);
        return (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString()!;
    }

    /// <summary>Requests Production for a Staging version (engineer) and approves it (approver).</summary>
    public async Task PromoteAsync(string version)
    {
        var request = await Engineer.PostAsJsonAsync($"/api/v1/models/{Model}/versions/{version}/promotions", new { targetStage = "Production", justification = "ready" });
        Assert.Equal(HttpStatusCode.Created, request.StatusCode);
        var id = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var approve = await Approver.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "checked" });
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
    }

    /// <summary>1.0.0 in Production (serving 100 %) and 1.1.0 in Staging.</summary>
    public async Task ProductionAndCandidateAsync()
    {
        await StagedAsync("1.0.0");
        await PromoteAsync("1.0.0");
        await StagedAsync("1.1.0");
    }

    public Task<HttpResponseMessage> DeployAsync(object body) => Engineer.PostAsJsonAsync($"/api/v1/models/{Model}/deployments", body);

    public async Task<JsonElement> StateAsync(HttpClient? client = null) =>
        await (client ?? Engineer).GetFromJsonAsync<JsonElement>($"/api/v1/models/{Model}/deployment");

    public async Task<JsonElement> VersionAsync(string version) =>
        await Engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{Model}/versions/{version}");

    /// <summary>The live split as version → percent.</summary>
    public static Dictionary<string, decimal> Split(JsonElement state) =>
        state.GetProperty("allocations").EnumerateArray().ToDictionary(a => a.GetProperty("version").GetString()!, a => a.GetProperty("percent").GetDecimal());

    public async Task<int> AuditCountAsync(string action) =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action={action}&entityId={Model}")).GetProperty("total").GetInt32();

    public static async Task<string> ProblemAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    /// <summary>
    /// Writes prediction log rows as the serving path would (the predict API is another capability's): <paramref name="errors"/>
    /// of <paramref name="count"/> failed, every row with <paramref name="latencyMs"/>, and with a label when given
    /// (<paramref name="correct"/> of them right).
    /// </summary>
    public async Task LogAsync(string version, int count, int errors = 0, double latencyMs = 5, int? labelled = null, int correct = 0)
    {
        var contexts = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var modelId = await db.Models.Where(m => m.Name == Model).Select(m => m.Id).SingleAsync();
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var hasLabel = labelled is { } l && i < l;
            db.Predictions.Add(new PredictionRecord
            {
                Id = Guid.NewGuid(),
                ModelId = modelId,
                ModelName = Model,
                Version = version,
                Inputs = "{\"x\":1}",
                Prediction = i < errors ? null : 1,
                Score = i < errors ? null : 0.9,
                LatencyMs = latencyMs,
                At = now.AddMilliseconds(-1000 - i),
                Succeeded = i >= errors,
                Error = i < errors ? "scoring failed" : null,
                Label = hasLabel ? (i < correct ? 1 : 0) : null,
            });
        }

        await db.SaveChangesAsync();
    }

    /// <summary>One health evaluation, as the periodic evaluator runs it.</summary>
    public Task<EvaluationOutcome> EvaluateAsync() => app.Services.GetRequiredService<DeploymentService>().EvaluateAsync(Model, CancellationToken.None);

    /// <summary>Moves the active rollout's last step back in time, as if <paramref name="ago"/> had passed since.</summary>
    public async Task AgeLastStepAsync(TimeSpan ago)
    {
        var contexts = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var modelId = await db.Models.Where(m => m.Name == Model).Select(m => m.Id).SingleAsync();
        var active = await db.ModelServing.Where(s => s.ModelId == modelId).Select(s => s.ActiveDeploymentId).SingleAsync();
        await db.Deployments.Where(d => d.Id == active).ExecuteUpdateAsync(s => s.SetProperty(d => d.LastAdvancedAt, DateTime.UtcNow - ago));
    }
}
