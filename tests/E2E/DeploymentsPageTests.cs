using System.Text.Json;
using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class DeploymentsPageTests(PortalFixture portal)
{
    [Fact]
    public async Task Engineer_deploys_a_canary_moves_its_slider_to_25_percent_and_sees_the_split_served_and_audited()
    {
        var api = portal.Server.BaseUrl;
        var page = await portal.SignInAsync("engineer@modellifecycle.local");
        try
        {
            var login = await page.Context.APIRequest.PostAsync($"{api}/api/v1/auth/login", new() { DataObject = new { email = "engineer@modellifecycle.local", password = PortalServer.Password } });
            var bearer = new Dictionary<string, string> { ["Authorization"] = $"Bearer {(await login.JsonAsync())!.Value.GetProperty("accessToken").GetString()}" };
            var stable = (await (await page.Context.APIRequest.GetAsync($"{api}/api/v1/models/credit-risk/deployment", new() { Headers = bearer })).JsonAsync())!.Value.GetProperty("stableVersion").GetString()!;
            var candidate = await StagingVersionAsync(page, api, bearer);

            await PortalFixture.OpenAsync(page, "/models/credit-risk");
            await page.GetByTestId("deployments-link").ClickAsync();
            await Assertions.Expect(page.GetByTestId("split")).ToHaveTextAsync($"{stable} 100 %", new() { Timeout = 20000 });
            await PortalFixture.WaitInteractiveAsync(page);

            // Deploy the Staging version as a canary at the form's initial 10 %.
            await ChooseAsync(page, "deploy-version", $"{candidate} (Staging)");
            await page.GetByTestId("deploy").ClickAsync();
            await Assertions.Expect(page.GetByTestId("split")).ToHaveTextAsync($"{stable} 90 % · {candidate} 10 %", new() { Timeout = 20000 });

            // Move the slider with the keyboard, as a person can: 15 steps right from 10 %.
            var slider = page.GetByTestId("canary-slider").Locator("input[type=range]");
            await slider.FocusAsync();
            for (var i = 0; i < 15; i++)
            {
                await slider.PressAsync("ArrowRight");
            }

            await Assertions.Expect(page.GetByTestId("slider-label")).ToHaveTextAsync($"{candidate}: 25 % · {stable}: 75 %");
            await page.GetByTestId("apply-traffic").ClickAsync();
            var dialog = page.GetByTestId("traffic-dialog-text");
            await Assertions.Expect(dialog).ToHaveTextAsync($"Move {candidate} from 10 % to 25 % of credit-risk's traffic; {stable} goes from 90 % to 75 %.");
            await page.GetByTestId("traffic-reason").FillAsync("Canary healthy at 10 %");
            await page.GetByTestId("traffic-confirm").ClickAsync();
            await Assertions.Expect(page.GetByTestId("split")).ToHaveTextAsync($"{stable} 75 % · {candidate} 25 %", new() { Timeout = 20000 });

            // Traffic over HTTP; the page's health table counts each version's requests as the log is written.
            var served = new Dictionary<string, int> { [stable] = 0, [candidate] = 0 };
            for (var i = 0; i < 24; i++)
            {
                var response = await page.Context.APIRequest.PostAsync($"{api}/api/v1/models/credit-risk/predict", new()
                {
                    Headers = bearer,
                    DataObject = new { features = new Dictionary<string, object> { ["income"] = 40000 + (i * 1500), ["debt_ratio"] = 0.3, ["age"] = 30 + i, ["open_accounts"] = 3, ["region"] = "north" }, routingKey = $"applicant-{i}" },
                });
                Assert.Equal(200, response.Status);
                served[(await response.JsonAsync())!.Value.GetProperty("version").GetString()!]++;
            }

            Assert.Equal(24, served.Values.Sum());
            foreach (var (version, count) in served)
            {
                var row = page.Locator($"[data-testid=health-row][data-version='{version}']");
                await Assertions.Expect(row.GetByTestId("health-requests")).ToHaveTextAsync(count.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 30000 });
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalFixture.ScreenshotDirectory, "deployments.png") });

            // Every step is in the audit trail, with who and the split before and after.
            var audit = await page.Context.APIRequest.GetAsync($"{api}/api/v1/audit?entityType=deployment&entityId=credit-risk&pageSize=50", new() { Headers = bearer });
            var actions = (await audit.JsonAsync())!.Value.GetProperty("items").EnumerateArray()
                .Select(e => (Action: e.GetProperty("action").GetString(), Actor: e.GetProperty("actor").GetString())).ToList();
            Assert.Contains(("deployment.deployed", "engineer@modellifecycle.local"), actions);
            Assert.Contains(("deployment.traffic_changed", "engineer@modellifecycle.local"), actions);
            await PortalFixture.OpenAsync(page, "/audit");
            await Assertions.Expect(page.GetByTestId("audit-table").GetByText("deployment.traffic_changed").First).ToBeVisibleAsync(new() { Timeout = 20000 });
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "deployments-failure");
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// Picks an option of a MudSelect and waits until the select shows it, as a person checks before going on (other
    /// tests add versions to credit-risk, so the default choice is not the one wanted). The page refreshes its health
    /// every 5 s; a choice that a refresh swallowed is made again.
    /// </summary>
    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByTestId(select).ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
            try
            {
                await Assertions.Expect(page.GetByTestId(select)).ToHaveTextAsync(option, new() { Timeout = 5000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task<string> StagingVersionAsync(IPage page, string api, Dictionary<string, string> bearer)
    {
        var versions = (await (await page.Context.APIRequest.GetAsync($"{api}/api/v1/models/credit-risk/versions", new() { Headers = bearer })).JsonAsync())!.Value;
        var items = versions.ValueKind == JsonValueKind.Array ? versions : versions.GetProperty("items");
        return items.EnumerateArray().First(v => v.GetProperty("stage").GetString() == "Staging").GetProperty("version").GetString()!;
    }
}
