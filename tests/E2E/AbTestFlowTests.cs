using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

/// <summary>
/// An engineer starts an A/B test from a model's A/B tests tab through the start dialog and follows it to the running
/// test's page. The model is this test's own (two versions of the demo artifact, 1.0.0 approved into Production), so
/// what other tests add to the demo model does not matter. The dashboard's alert is covered by <see cref="AlertsPageTests"/>.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class AbTestFlowTests(PortalFixture portal)
{
    private const string Model = "e2e-abtest";

    [GeneratedRegex(@"/abtests/[0-9a-f-]{36}$")]
    private static partial Regex TestPage();

    [Fact]
    public async Task An_engineer_starts_an_ab_test_in_the_dialog_and_sees_the_running_test_with_both_arms()
    {
        var page = await portal.SignInAsync("engineer@modellifecycle.local");
        try
        {
            var engineer = await BearerApi.SignInAsync(page, "engineer@modellifecycle.local");
            var approver = await BearerApi.SignInAsync(page, "approver@modellifecycle.local");
            await DeployedModelAsync(engineer, approver);

            await PortalFixture.OpenAsync(page, $"/models/{Model}");
            await page.GetByRole(AriaRole.Tab, new() { Name = "A/B tests" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("abtests-empty")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Start A/B test" }).ClickAsync();

            var dialog = page.GetByTestId("abtest-start-dialog");
            await Assertions.Expect(dialog).ToBeVisibleAsync();
            await ChooseAsync(page, "abtest-version-a", "1.0.0 · Production");
            await ChooseAsync(page, "abtest-version-b", "1.1.0 · Staging");
            await dialog.Locator("input[data-testid=abtest-percent]").FillAsync("30");
            await Assertions.Expect(page.GetByTestId("abtest-split-preview")).ToContainTextAsync("A 1.0.0 gets 70 %, B 1.1.0 gets 30 %");
            await ChooseAsync(page, "abtest-metric", "Error rate");
            await dialog.Locator("input[data-testid=abtest-min-samples]").FillAsync("50");
            await page.GetByRole(AriaRole.Button, new() { Name = "Start test", Exact = true }).ClickAsync();

            // The page of the new test: both arms side by side and the state in words.
            await page.WaitForURLAsync(TestPage(), new() { Timeout = 20000 });
            await PortalFixture.WaitInteractiveAsync(page);
            await Assertions.Expect(page.GetByTestId("abtest-title")).ToHaveTextAsync($"A/B test of {Model}: A 1.0.0 vs B 1.1.0");
            await Assertions.Expect(page.GetByTestId("abtest-state")).ToHaveTextAsync("Running");
            await Assertions.Expect(page.GetByTestId("abtest-status")).ToHaveTextAsync("No verdict yet");
            await Assertions.Expect(page.GetByTestId("abtest-verdict")).ToHaveTextAsync("Not enough samples yet: 0 of 50 per arm.");
            await Assertions.Expect(page.GetByTestId("arm-a")).ToContainTextAsync("A · 1.0.0");
            await Assertions.Expect(page.GetByTestId("arm-b")).ToContainTextAsync("B · 1.1.0");
            await Assertions.Expect(page.GetByTestId("arm-a-share")).ToHaveTextAsync("70 % of traffic · control");
            await Assertions.Expect(page.GetByTestId("arm-b-share")).ToHaveTextAsync("30 % of traffic · challenger");

            // Back on the model's tab the test is listed as running, and its link opens the same page.
            var testUrl = page.Url;
            await PortalFixture.OpenAsync(page, $"/models/{Model}");
            await page.GetByRole(AriaRole.Tab, new() { Name = "A/B tests" }).ClickAsync();
            var row = page.GetByTestId("abtest-row");
            await Assertions.Expect(row.GetByTestId("abtest-state")).ToHaveTextAsync("running");
            await Assertions.Expect(page.GetByTestId("abtest-blocker")).ToHaveTextAsync($"'{Model}' already has a running A/B test; stop it first.");
            await row.GetByTestId("abtest-link").ClickAsync();
            await page.WaitForURLAsync(testUrl);
            await Assertions.Expect(page.GetByTestId("abtest-state")).ToHaveTextAsync("Running");
            await PortalFixture.ScreenshotAsync(page, "abtest-running");

            // The split is live through the deployment rules.
            var serving = await engineer.GetAsync($"/api/v1/models/{Model}/deployment");
            var shares = serving.GetProperty("allocations").EnumerateArray()
                .ToDictionary(a => a.GetProperty("version").GetString()!, a => a.GetProperty("percent").GetDecimal());
            Assert.Equal(70m, shares["1.0.0"]);
            Assert.Equal(30m, shares["1.1.0"]);
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "abtest-failure");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Picks an option of a MudSelect as a person does, and waits until the field shows it.</summary>
    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.GetByTestId(select).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId(select)).ToHaveValueAsync(option);
    }

    /// <summary>A model with credit-risk's features and artifact: 1.0.0 in Production (approved by a second person), 1.1.0 in Staging.</summary>
    private static async Task DeployedModelAsync(BearerApi engineer, BearerApi approver)
    {
        var source = await engineer.GetAsync("/api/v1/models/credit-risk");
        var stable = (await engineer.GetAsync("/api/v1/models/credit-risk/deployment")).GetProperty("stableVersion").GetString();
        var artifact = await engineer.BytesAsync($"/api/v1/models/credit-risk/versions/{stable}/artifact");
        var features = source.GetProperty("features").EnumerateArray().Select(f => new { name = f.GetProperty("name").GetString(), type = f.GetProperty("type").GetString() }).ToArray();
        await engineer.SendAsync("POST", "/api/v1/models", new { name = Model, task = source.GetProperty("task").GetString(), description = "A/B test flow (E2E)", features });
        foreach (var version in new[] { "1.0.0", "1.1.0" })
        {
            await engineer.UploadAsync($"/api/v1/models/{Model}/versions", version, artifact);
            await engineer.SendAsync("POST", $"/api/v1/models/{Model}/versions/{version}/stage", new { stage = "Staging", reason = "E2E" });
        }

        var request = await engineer.SendAsync("POST", $"/api/v1/models/{Model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = "Baseline for the A/B test." });
        await approver.SendAsync("POST", $"/api/v1/promotions/{request.GetProperty("id").GetString()}/approve", new { reason = "Baseline approved." });
    }
}
