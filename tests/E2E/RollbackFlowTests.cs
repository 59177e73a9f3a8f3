using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

/// <summary>
/// The automatic rollback a person watches: a canary whose version fails (or slows down) through the portal's fault
/// injection (<see cref="PortalServer"/> configures it for the two models below) receives real predictions over HTTP,
/// and the periodic health evaluation takes its traffic back, at once or step by step, while the Deployments page is open.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class RollbackFlowTests(PortalFixture portal)
{
    [GeneratedRegex(@"^1\.0\.0 100 %")]
    private static partial Regex StableHasAll();

    [Fact]
    public async Task An_injected_fault_rolls_the_canary_back_at_once_and_slowness_steps_it_down_on_the_page()
    {
        var page = await portal.SignInAsync("engineer@modellifecycle.local");
        try
        {
            var engineer = await BearerApi.SignInAsync(page, "engineer@modellifecycle.local");
            var approver = await BearerApi.SignInAsync(page, "approver@modellifecycle.local");
            var features = await engineer.GetAsync("/api/v1/models/credit-risk");
            var artifact = await DemoArtifactAsync(engineer);

            await CanaryAsync(engineer, approver, PortalServer.FailingModel, features, artifact, new { mode = "immediate", minSamples = 10, maxErrorRatePercent = 10 });
            await CanaryAsync(engineer, approver, PortalServer.SlowModel, features, artifact, new { mode = "gradual", minSamples = 10, maxP95LatencyMs = 100, gradualFloorPercent = 5 });

            // Immediate: the failing canary's errors breach 10 % and its traffic returns to 1.0.0 on the next evaluation.
            await PortalFixture.OpenAsync(page, $"/models/{PortalServer.FailingModel}/deployments");
            await Assertions.Expect(page.GetByTestId("split")).ToHaveTextAsync("1.0.0 50 % · 1.1.0 50 %", new() { Timeout = 20000 });
            var failures = await PredictAsync(engineer, PortalServer.FailingModel, features, 60);
            Assert.InRange(failures, 1, 59);
            await Assertions.Expect(page.GetByTestId("split")).ToHaveTextAsync(StableHasAll(), new() { Timeout = 30000 });
            var rolledBack = page.Locator("[data-testid=history-event][data-kind=rolled_back]");
            await Assertions.Expect(rolledBack.GetByTestId("event-kind")).ToHaveTextAsync("Rolled back", new() { Timeout = 20000 });
            await Assertions.Expect(rolledBack).ToContainTextAsync("system");
            await Assertions.Expect(rolledBack).ToContainTextAsync("ErrorRate");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalFixture.ScreenshotDirectory, "rollback-immediate.png"), FullPage = true });

            // Gradual: the slow canary is halved once per evaluation until it is off, each step a row of the history.
            await PortalFixture.OpenAsync(page, $"/models/{PortalServer.SlowModel}/deployments");
            Assert.Equal(0, await PredictAsync(engineer, PortalServer.SlowModel, features, 40));
            await Assertions.Expect(page.Locator("[data-testid=history-event][data-kind=stepped_down]").First.GetByTestId("event-kind")).ToHaveTextAsync("Stepped down", new() { Timeout = 30000 });
            await Assertions.Expect(page.GetByTestId("split")).ToHaveTextAsync(StableHasAll(), new() { Timeout = 60000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalFixture.ScreenshotDirectory, "rollback-gradual.png"), FullPage = true });

            // Both are in the audit trail as the system's doing.
            var audit = await engineer.GetAsync($"/api/v1/audit?entityType=deployment&entityId={PortalServer.SlowModel}&pageSize=50");
            var actions = audit.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("actor").GetString() == "system").Select(e => e.GetProperty("action").GetString()).ToList();
            Assert.Contains("deployment.stepped_down", actions);
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "rollback-failure");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>A model with credit-risk's features, 1.0.0 in Production (approved by a second person) and 1.1.0 as a 50 % canary.</summary>
    private static async Task CanaryAsync(BearerApi engineer, BearerApi approver, string model, JsonElement source, byte[] artifact, object policy)
    {
        var features = source.GetProperty("features").EnumerateArray().Select(f => new { name = f.GetProperty("name").GetString(), type = f.GetProperty("type").GetString() }).ToArray();
        await engineer.SendAsync("POST", "/api/v1/models", new { name = model, task = source.GetProperty("task").GetString(), description = "Rollback flow (E2E)", features });
        foreach (var version in new[] { "1.0.0", "1.1.0" })
        {
            await engineer.UploadAsync($"/api/v1/models/{model}/versions", version, artifact);
            await engineer.SendAsync("POST", $"/api/v1/models/{model}/versions/{version}/stage", new { stage = "Staging", reason = "E2E" });
        }

        var request = await engineer.SendAsync("POST", $"/api/v1/models/{model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = "Baseline for the rollback flow." });
        await approver.SendAsync("POST", $"/api/v1/promotions/{request.GetProperty("id").GetString()}/approve", new { reason = "Baseline approved." });
        await engineer.SendAsync("POST", $"/api/v1/models/{model}/deployments", new { strategy = "canary", candidateVersion = "1.1.0", trafficPercent = 50, policy });
    }

    /// <summary>Sends <paramref name="count"/> predictions with distinct routing keys; returns how many failed (503).</summary>
    private static async Task<int> PredictAsync(BearerApi api, string model, JsonElement source, int count)
    {
        var failures = 0;
        for (var i = 0; i < count; i++)
        {
            var features = new Dictionary<string, object>();
            foreach (var f in source.GetProperty("features").EnumerateArray())
            {
                features[f.GetProperty("name").GetString()!] = string.Equals(f.GetProperty("type").GetString(), "numeric", StringComparison.OrdinalIgnoreCase) ? 1 + (i % 7) : "north";
            }

            var (status, body) = await api.PostAsync($"/api/v1/models/{model}/predict", new { features, routingKey = $"client-{i.ToString(CultureInfo.InvariantCulture)}" });
            Assert.True(status is 200 or 503, $"predict answered {status}: {body}");
            failures += status == 503 ? 1 : 0;
        }

        return failures;
    }

    private static async Task<byte[]> DemoArtifactAsync(BearerApi api)
    {
        var stable = (await api.GetAsync("/api/v1/models/credit-risk/deployment")).GetProperty("stableVersion").GetString();
        return await api.BytesAsync($"/api/v1/models/credit-risk/versions/{stable}/artifact");
    }
}
