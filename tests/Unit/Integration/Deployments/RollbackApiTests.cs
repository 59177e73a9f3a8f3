using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration.Deployments;

/// <summary>
/// Health-driven rollback in its three modes, auto-advance and the integrity fallback, over prediction log rows
/// written to the app's database and the evaluation the periodic evaluator runs.
/// </summary>
public sealed class RollbackApiTests(DeploymentFixture fixture) : IClassFixture<DeploymentFixture>, IAsyncLifetime
{
    private readonly DeploymentScenario s = new(fixture.App);

    public async Task InitializeAsync()
    {
        await s.StartAsync();
        await s.ProductionAndCandidateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpResponseMessage> CanaryAsync(string mode, decimal percent = 50, object? extra = null) => s.DeployAsync(new
    {
        strategy = "canary",
        candidateVersion = "1.1.0",
        trafficPercent = percent,
        policy = new { mode, minSamples = 20, maxErrorRatePercent = 10, gradualFloorPercent = 5 },
    });

    [Fact]
    public async Task Immediate_policy_returns_a_failing_canary_to_stable_with_the_breach_as_evidence()
    {
        Assert.Equal(HttpStatusCode.Created, (await CanaryAsync("immediate")).StatusCode);
        await s.LogAsync("1.0.0", 40);
        await s.LogAsync("1.1.0", 19, errors: 19);

        // 19 requests are below the 20 the policy needs: nothing happens yet.
        Assert.Equal("None", (await s.EvaluateAsync()).Action);
        await s.LogAsync("1.1.0", 11);

        var outcome = await s.EvaluateAsync();

        Assert.Equal("RollBack", outcome.Action);
        var state = await s.StateAsync();
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 100, ["1.1.0"] = 0 }, DeploymentScenario.Split(state));
        Assert.Equal("RolledBack", state.GetProperty("status").GetString());
        var rolledBack = state.GetProperty("deployment").GetProperty("events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "rolled_back");
        Assert.Equal("system", rolledBack.GetProperty("actor").GetString());
        var breach = rolledBack.GetProperty("evidence").GetProperty("breaches")[0];
        Assert.Equal("ErrorRate", breach.GetProperty("metric").GetString());
        Assert.Equal(63.33, breach.GetProperty("observed").GetDouble(), 2);
        Assert.Contains(rolledBack.GetProperty("evidence").GetProperty("health").EnumerateArray(), h => h.GetProperty("version").GetString() == "1.1.0" && h.GetProperty("requests").GetInt32() == 30);
        Assert.Equal(1, await s.AuditCountAsync("deployment.rolled_back"));
        Assert.Equal("None", (await s.EvaluateAsync()).Action);
    }

    [Fact]
    public async Task Gradual_policy_halves_the_canary_once_per_evaluation_until_it_is_off()
    {
        Assert.Equal(HttpStatusCode.Created, (await CanaryAsync("gradual")).StatusCode);
        var policy = (await s.StateAsync()).GetProperty("deployment").GetProperty("policy");
        Assert.Equal(5m, policy.GetProperty("gradualFloorPercent").GetDecimal());
        Assert.Equal("Gradual", policy.GetProperty("mode").GetString());
        await s.LogAsync("1.0.0", 40);
        await s.LogAsync("1.1.0", 40, latencyMs: 250);

        var shares = new List<decimal>();
        for (var i = 0; i < 4; i++)
        {
            var outcome = await s.EvaluateAsync();
            Assert.Equal("StepDown", outcome.Action);
            shares.Add(DeploymentScenario.Split(await s.StateAsync())["1.1.0"]);
        }

        // 50 → 25 → 12.5 → 6.2 → (3.1 is below the 5 % floor) 0.
        Assert.Equal([25m, 12.5m, 6.2m, 0m], shares);
        var state = await s.StateAsync();
        Assert.Equal("RolledBack", state.GetProperty("status").GetString());
        Assert.Equal(100m, DeploymentScenario.Split(state)["1.0.0"]);
        var steps = state.GetProperty("deployment").GetProperty("events").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "stepped_down").ToList();
        Assert.Equal(4, steps.Count);
        Assert.Equal("LatencyP95", steps[0].GetProperty("evidence").GetProperty("breaches")[0].GetProperty("metric").GetString());
        Assert.Equal(4, await s.AuditCountAsync("deployment.stepped_down"));
    }

    [Fact]
    public async Task Manual_policy_raises_one_open_alert_and_leaves_traffic_until_a_person_dismisses_or_rolls_back()
    {
        Assert.Equal(HttpStatusCode.Created, (await CanaryAsync("manual", 20)).StatusCode);
        await s.LogAsync("1.0.0", 100, labelled: 100, correct: 95);
        await s.LogAsync("1.1.0", 100, labelled: 100, correct: 80);

        Assert.Equal("Alert", (await s.EvaluateAsync()).Action);
        Assert.Equal("None", (await s.EvaluateAsync()).Action);

        var state = await s.StateAsync();
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 80, ["1.1.0"] = 20 }, DeploymentScenario.Split(state));
        var alert = Assert.Single(state.GetProperty("openAlerts").EnumerateArray());
        Assert.Equal("Accuracy", alert.GetProperty("evidence").GetProperty("breaches")[0].GetProperty("metric").GetString());
        Assert.Contains(state.GetProperty("health").EnumerateArray(), h => h.GetProperty("version").GetString() == "1.1.0" && h.GetProperty("accuracyPercent").GetDouble() == 80 && h.GetProperty("breaches").GetArrayLength() == 1);
        var dashboard = await s.Viewer.GetFromJsonAsync<JsonElement>("/api/v1/deployments/alerts");
        Assert.Contains(dashboard.EnumerateArray(), a => a.GetProperty("model").GetString() == s.Model);
        Assert.Equal(1, await s.AuditCountAsync("deployment.breach_alert"));

        var id = alert.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Engineer.PostAsJsonAsync($"/api/v1/models/{s.Model}/deployment/alerts/{id}/dismiss", new { reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.PostAsJsonAsync($"/api/v1/models/{s.Model}/deployment/alerts/{id}/dismiss", new { reason = "fine" })).StatusCode);
        var dismissed = await s.Engineer.PostAsJsonAsync($"/api/v1/models/{s.Model}/deployment/alerts/{id}/dismiss", new { reason = "labels of a known bad batch" });
        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);
        Assert.Empty((await s.StateAsync()).GetProperty("openAlerts").EnumerateArray());

        // The same evidence is still in the window: no new alert for what a person just judged.
        Assert.Equal("None", (await s.EvaluateAsync()).Action);
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 80, ["1.1.0"] = 20 }, DeploymentScenario.Split(await s.StateAsync()));
    }

    [Fact]
    public async Task A_healthy_canary_advances_on_schedule_but_never_to_the_last_step()
    {
        var created = await s.DeployAsync(new
        {
            strategy = "canary",
            candidateVersion = "1.1.0",
            steps = new[] { 10m, 30m, 100m },
            autoAdvanceMinutes = 5,
            policy = new { minSamples = 20 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await s.LogAsync("1.0.0", 40);
        await s.LogAsync("1.1.0", 40);

        Assert.Equal("None", (await s.EvaluateAsync()).Action);
        await s.AgeLastStepAsync(TimeSpan.FromMinutes(6));
        Assert.Equal("Advanced", (await s.EvaluateAsync()).Action);
        Assert.Equal(30m, DeploymentScenario.Split(await s.StateAsync())["1.1.0"]);
        Assert.Equal("None", (await s.EvaluateAsync()).Action);

        await s.AgeLastStepAsync(TimeSpan.FromMinutes(6));
        Assert.Equal("None", (await s.EvaluateAsync()).Action);
        var state = await s.StateAsync();
        Assert.Equal(30m, DeploymentScenario.Split(state)["1.1.0"]);
        Assert.True(state.GetProperty("nextStepNeedsPromotion").GetBoolean());
        Assert.Equal(1, await s.AuditCountAsync("deployment.advanced"));
    }

    [Fact]
    public async Task A_canary_without_enough_health_does_not_advance_on_schedule()
    {
        Assert.Equal(HttpStatusCode.Created, (await s.DeployAsync(new { strategy = "canary", candidateVersion = "1.1.0", autoAdvanceMinutes = 1, policy = new { minSamples = 20 } })).StatusCode);
        await s.LogAsync("1.1.0", 5);
        await s.AgeLastStepAsync(TimeSpan.FromMinutes(2));

        Assert.Equal("None", (await s.EvaluateAsync()).Action);
        Assert.Equal(10m, DeploymentScenario.Split(await s.StateAsync())["1.1.0"]);
    }

    [Fact]
    public async Task A_tampered_candidate_is_marked_unhealthy_and_its_traffic_moves_to_the_stable_version_in_the_same_transaction()
    {
        var sha = await s.StagedAsync("1.2.0");
        Assert.Equal(HttpStatusCode.Created, (await s.DeployAsync(new { strategy = "canary", candidateVersion = "1.2.0", trafficPercent = 25 })).StatusCode);
        await File.WriteAllTextAsync(Path.Combine(s.App.DataDirectory, "artifacts", sha[..2], sha), "tampered");

        var download = await s.Engineer.GetAsync($"/api/v1/models/{s.Model}/versions/1.2.0/artifact");

        Assert.Equal(HttpStatusCode.Conflict, download.StatusCode);
        Assert.False((await s.VersionAsync("1.2.0")).GetProperty("healthy").GetBoolean());
        var state = await s.StateAsync();
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 100, ["1.2.0"] = 0 }, DeploymentScenario.Split(state));
        Assert.Equal("RolledBack", state.GetProperty("status").GetString());
        var integrity = state.GetProperty("deployment").GetProperty("events").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "integrity_failed");
        Assert.Equal("1.0.0 75 %, 1.2.0 25 %", integrity.GetProperty("before").GetString());
        Assert.Equal(1, await s.AuditCountAsync("deployment.integrity_failed"));

        var again = await s.DeployAsync(new { strategy = "canary", candidateVersion = "1.2.0" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("unhealthy", await DeploymentScenario.ProblemAsync(again), StringComparison.Ordinal);
    }
}
