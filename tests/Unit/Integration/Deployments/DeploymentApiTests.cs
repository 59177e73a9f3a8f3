using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration.Deployments;

/// <summary>Deploying, moving traffic and completing a rollout over HTTP against the real app and its SQLite file.</summary>
public sealed class DeploymentApiTests(DeploymentFixture fixture) : IClassFixture<DeploymentFixture>, IAsyncLifetime
{
    private readonly DeploymentScenario s = new(fixture.App);

    public Task InitializeAsync() => s.StartAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_model_is_not_deployed_until_its_first_Production_version_which_then_serves_100_percent()
    {
        await s.StagedAsync("1.0.0");
        var before = await s.StateAsync();
        Assert.False(before.GetProperty("deployed").GetBoolean());
        Assert.Equal("NotDeployed", before.GetProperty("status").GetString());

        var canary = await s.DeployAsync(new { strategy = "canary", candidateVersion = "1.0.0", trafficPercent = 10 });
        Assert.Equal(HttpStatusCode.Conflict, canary.StatusCode);
        Assert.Contains("request Production", await DeploymentScenario.ProblemAsync(canary), StringComparison.Ordinal);

        await s.PromoteAsync("1.0.0");

        var after = await s.StateAsync();
        Assert.True(after.GetProperty("deployed").GetBoolean());
        Assert.Equal("1.0.0", after.GetProperty("stableVersion").GetString());
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 100 }, DeploymentScenario.Split(after));
        Assert.Equal("Completed", after.GetProperty("status").GetString());
        Assert.Equal(1, await s.AuditCountAsync("deployment.completed"));
    }

    [Fact]
    public async Task Canary_steps_up_to_the_cap_and_only_an_approved_promotion_gives_it_100_percent_archiving_the_previous_version()
    {
        await s.ProductionAndCandidateAsync();

        var overCap = await s.DeployAsync(new { strategy = "canary", candidateVersion = "1.1.0", trafficPercent = 60 });
        Assert.Equal(HttpStatusCode.BadRequest, overCap.StatusCode);
        Assert.Contains("cap of 50", await DeploymentScenario.ProblemAsync(overCap), StringComparison.Ordinal);
        var full = await s.DeployAsync(new { strategy = "canary", candidateVersion = "1.1.0", trafficPercent = 100 });
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Contains("request Production", await DeploymentScenario.ProblemAsync(full), StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 100 }, DeploymentScenario.Split(await s.StateAsync()));

        var created = await s.DeployAsync(new { strategy = "canary", candidateVersion = "1.1.0" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var state = await s.StateAsync();
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 90, ["1.1.0"] = 10 }, DeploymentScenario.Split(state));
        Assert.Equal("Canary", state.GetProperty("strategy").GetString());
        Assert.Equal("1.1.0", state.GetProperty("candidateVersion").GetString());
        Assert.Equal("Active", state.GetProperty("status").GetString());
        Assert.Equal(50m, state.GetProperty("candidateCapPercent").GetDecimal());
        Assert.Equal(50m, state.GetProperty("nextStepPercent").GetDecimal());

        Assert.Equal(HttpStatusCode.OK, (await s.Engineer.PostAsync($"/api/v1/models/{s.Model}/deployment/advance", null)).StatusCode);
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 50, ["1.1.0"] = 50 }, DeploymentScenario.Split(await s.StateAsync()));
        var last = await s.Engineer.PostAsync($"/api/v1/models/{s.Model}/deployment/advance", null);
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        Assert.Contains("request Production", await DeploymentScenario.ProblemAsync(last), StringComparison.Ordinal);

        await s.PromoteAsync("1.1.0");

        var done = await s.StateAsync();
        Assert.Equal("1.1.0", done.GetProperty("stableVersion").GetString());
        Assert.Equal(new Dictionary<string, decimal> { ["1.1.0"] = 100, ["1.0.0"] = 0 }, DeploymentScenario.Split(done));
        Assert.Equal("previous", done.GetProperty("allocations").EnumerateArray().Single(a => a.GetProperty("version").GetString() == "1.0.0").GetProperty("role").GetString());
        Assert.Equal("1.0.0", done.GetProperty("rollbackTarget").GetString());
        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal("Archived", (await s.VersionAsync("1.0.0")).GetProperty("stage").GetString());
        Assert.Equal("Production", (await s.VersionAsync("1.1.0")).GetProperty("stage").GetString());

        var history = await s.Engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{s.Model}/deployments?page=1&pageSize=1");
        Assert.Equal(2, history.GetProperty("total").GetInt32());
        Assert.Equal(2, history.GetProperty("lastPage").GetInt32());
        var rollout = history.GetProperty("items")[0];
        Assert.Equal("Completed", rollout.GetProperty("status").GetString());
        Assert.Equal(new[] { "deployed", "advanced", "completed" }, rollout.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToArray());

        // After completion, a rollback restores the previous Production version with audited stage moves.
        var noReason = await s.Engineer.PostAsJsonAsync($"/api/v1/models/{s.Model}/rollback", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await DeploymentScenario.ProblemAsync(noReason), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await s.Engineer.PostAsJsonAsync($"/api/v1/models/{s.Model}/rollback", new { reason = "complaints after launch" })).StatusCode);
        var restored = await s.StateAsync();
        Assert.Equal("1.0.0", restored.GetProperty("stableVersion").GetString());
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 100 }, DeploymentScenario.Split(restored));
        Assert.Equal("RolledBack", restored.GetProperty("status").GetString());
        Assert.Equal("Production", (await s.VersionAsync("1.0.0")).GetProperty("stage").GetString());
        Assert.Equal("Archived", (await s.VersionAsync("1.1.0")).GetProperty("stage").GetString());
        Assert.Equal(1, await s.AuditCountAsync("deployment.rolled_back"));
        var again = await s.Engineer.PostAsJsonAsync($"/api/v1/models/{s.Model}/rollback", new { reason = "twice" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Shadow_takes_no_traffic_blue_green_waits_at_zero_and_full_needs_Production()
    {
        await s.ProductionAndCandidateAsync();

        var shadowWithTraffic = await s.DeployAsync(new { strategy = "shadow", candidateVersion = "1.1.0", trafficPercent = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, shadowWithTraffic.StatusCode);
        Assert.Contains("trafficPercent", await DeploymentScenario.ProblemAsync(shadowWithTraffic), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await s.DeployAsync(new { strategy = "shadow", candidateVersion = "1.1.0" })).StatusCode);
        var shadow = await s.StateAsync();
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 100 }, DeploymentScenario.Split(shadow));
        Assert.Equal(new[] { "1.1.0" }, shadow.GetProperty("shadowVersions").EnumerateArray().Select(v => v.GetString()!).ToArray());

        Assert.Equal(HttpStatusCode.Created, (await s.DeployAsync(new { strategy = "blue-green", candidateVersion = "1.1.0" })).StatusCode);
        var green = await s.StateAsync();
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 100, ["1.1.0"] = 0 }, DeploymentScenario.Split(green));
        Assert.Empty(green.GetProperty("shadowVersions").EnumerateArray());
        Assert.Equal("green", green.GetProperty("allocations").EnumerateArray().Single(a => a.GetProperty("version").GetString() == "1.1.0").GetProperty("role").GetString());
        Assert.Equal("BlueGreen", green.GetProperty("strategy").GetString());
        var history = await s.Engineer.GetFromJsonAsync<JsonElement>($"/api/v1/models/{s.Model}/deployments");
        Assert.Contains(history.GetProperty("items").EnumerateArray(), d => d.GetProperty("strategy").GetString() == "Shadow" && d.GetProperty("status").GetString() == "Superseded");

        var fullRollout = await s.DeployAsync(new { strategy = "full", candidateVersion = "1.1.0" });
        Assert.Equal(HttpStatusCode.Conflict, fullRollout.StatusCode);
        Assert.Contains("request Production", await DeploymentScenario.ProblemAsync(fullRollout), StringComparison.Ordinal);

        // The switch is the approval: green takes 100 %, blue is archived and kept listed at 0 %.
        await s.PromoteAsync("1.1.0");
        var switched = await s.StateAsync();
        Assert.Equal(new Dictionary<string, decimal> { ["1.1.0"] = 100, ["1.0.0"] = 0 }, DeploymentScenario.Split(switched));
        Assert.Equal("BlueGreen", switched.GetProperty("strategy").GetString());
        Assert.Equal("Completed", switched.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Traffic_updates_that_break_a_rule_are_400_naming_the_problem_and_change_nothing()
    {
        await s.ProductionAndCandidateAsync();
        await s.StagedAsync("1.2.0");
        Assert.Equal(HttpStatusCode.OK, (await s.Engineer.PostAsJsonAsync($"/api/v1/models/{s.Model}/versions/1.2.0/stage", new { stage = "Archived", reason = "old" })).StatusCode);
        var before = await s.StateAsync();

        (object Body, string Names)[] cases =
        [
            (new { allocations = new[] { new { version = "1.0.0", percent = 90m }, new { version = "1.1.0", percent = 9m } } }, "sum to 99"),
            (new { allocations = new[] { new { version = "1.0.0", percent = 89.95m }, new { version = "1.1.0", percent = 10.05m } } }, "more than one decimal"),
            (new { allocations = new[] { new { version = "1.0.0", percent = 90m }, new { version = "9.9.9", percent = 10m } } }, "9.9.9 does not exist"),
            (new { allocations = new[] { new { version = "1.0.0", percent = 90m }, new { version = "1.2.0", percent = 10m } } }, "is Archived"),
            (new { allocations = new[] { new { version = "1.0.0", percent = 50m }, new { version = "1.0.0", percent = 50m } } }, "more than once"),
            (new { allocations = new[] { new { version = "1.0.0", percent = 40m }, new { version = "1.1.0", percent = 60m } } }, "cap of 50"),
            (new { allocations = new[] { new { version = "1.0.0", percent = 110m }, new { version = "1.1.0", percent = -10m } } }, "above 100"),
            (new { allocations = Array.Empty<object>() }, "allocations"),
        ];
        foreach (var (body, names) in cases)
        {
            var response = await s.Engineer.PutAsJsonAsync($"/api/v1/models/{s.Model}/traffic", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(names, await DeploymentScenario.ProblemAsync(response), StringComparison.Ordinal);
        }

        var missingPercent = await s.Engineer.PutAsJsonAsync($"/api/v1/models/{s.Model}/traffic", new { allocations = new[] { new { version = "1.0.0" } } });
        Assert.Equal(HttpStatusCode.BadRequest, missingPercent.StatusCode);
        Assert.Contains("allocations[0].percent", await DeploymentScenario.ProblemAsync(missingPercent), StringComparison.Ordinal);

        var after = await s.StateAsync();
        Assert.Equal(before.GetProperty("concurrencyStamp").GetString(), after.GetProperty("concurrencyStamp").GetString());
        Assert.Equal(DeploymentScenario.Split(before), DeploymentScenario.Split(after));
        Assert.Equal(0, await s.AuditCountAsync("deployment.traffic_changed"));

        var ok = await s.Engineer.PutAsJsonAsync($"/api/v1/models/{s.Model}/traffic", new { allocations = new[] { new { version = "1.0.0", percent = 87.5m }, new { version = "1.1.0", percent = 12.5m } } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 87.5m, ["1.1.0"] = 12.5m }, DeploymentScenario.Split(await s.StateAsync()));
        Assert.Equal(1, await s.AuditCountAsync("deployment.traffic_changed"));
    }

    [Fact]
    public async Task Concurrent_traffic_updates_on_one_stamp_let_exactly_one_win_and_the_committed_split_always_sums_to_100()
    {
        await s.ProductionAndCandidateAsync();
        var stamp = (await s.StateAsync()).GetProperty("concurrencyStamp").GetString();

        var responses = await Task.WhenAll(Enumerable.Range(1, 12).Select(i =>
            s.Engineer.PutAsJsonAsync($"/api/v1/models/{s.Model}/traffic", new
            {
                allocations = new[] { new { version = "1.0.0", percent = 100m - i }, new { version = "1.1.0", percent = (decimal)i } },
                expectedStamp = stamp,
            })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var winner = DeploymentScenario.Split(await responses.Single(r => r.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<JsonElement>());
        var committed = DeploymentScenario.Split(await s.StateAsync());
        Assert.Equal(winner, committed);
        Assert.Equal(100m, committed.Values.Sum());

        // Without a stamp, overlapping writers still never commit a broken split: each gets 200 or 409.
        var unguarded = await Task.WhenAll(Enumerable.Range(1, 12).Select(i =>
            s.Engineer.PutAsJsonAsync($"/api/v1/models/{s.Model}/traffic", new
            {
                allocations = new[] { new { version = "1.0.0", percent = 80m - i }, new { version = "1.1.0", percent = 20m + i } },
            })));
        Assert.All(unguarded, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Equal(100m, DeploymentScenario.Split(await s.StateAsync()).Values.Sum());

        // A stale If-Match is refused as well.
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/models/{s.Model}/traffic")
        {
            Content = JsonContent.Create(new { allocations = new[] { new { version = "1.0.0", percent = 100m } } }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", $"\"{stamp}\"");
        Assert.Equal(HttpStatusCode.Conflict, (await s.Engineer.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task Viewers_read_deployments_but_cannot_change_them_and_engineers_roll_back_without_approval()
    {
        await s.ProductionAndCandidateAsync();
        Assert.Equal(HttpStatusCode.Created, (await s.DeployAsync(new { strategy = "canary", candidateVersion = "1.1.0", trafficPercent = 20 })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await s.Viewer.GetAsync($"/api/v1/models/{s.Model}/deployment")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Viewer.GetAsync($"/api/v1/models/{s.Model}/deployments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.PutAsJsonAsync($"/api/v1/models/{s.Model}/traffic", new { allocations = new[] { new { version = "1.0.0", percent = 100m } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.PostAsJsonAsync($"/api/v1/models/{s.Model}/rollback", new { reason = "no" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.PostAsJsonAsync($"/api/v1/models/{s.Model}/deployments", new { strategy = "shadow", candidateVersion = "1.1.0" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Viewer.PostAsync($"/api/v1/models/{s.Model}/deployment/advance", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Engineer.PutAsJsonAsync($"/api/v1/models/{s.Model}/deployment/cap", new { candidateCapPercent = 30 })).StatusCode);
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 80, ["1.1.0"] = 20 }, DeploymentScenario.Split(await s.StateAsync()));

        var rollback = await s.Engineer.PostAsJsonAsync($"/api/v1/models/{s.Model}/rollback", new { reason = "customer complaints" });
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        var state = await rollback.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(new Dictionary<string, decimal> { ["1.0.0"] = 100 }, DeploymentScenario.Split(state));
        Assert.Equal("RolledBack", state.GetProperty("status").GetString());
        Assert.Equal("Staging", (await s.VersionAsync("1.1.0")).GetProperty("stage").GetString());
        var events = state.GetProperty("deployment").GetProperty("events").EnumerateArray().ToList();
        var rolledBack = events.Single(e => e.GetProperty("kind").GetString() == "rolled_back");
        Assert.Equal("customer complaints", rolledBack.GetProperty("reason").GetString());
        Assert.Equal("1.0.0 80 %, 1.1.0 20 %", rolledBack.GetProperty("before").GetString());
        Assert.Equal(1, await s.AuditCountAsync("deployment.rolled_back"));
    }
}
