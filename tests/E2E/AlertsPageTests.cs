using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class AlertsPageTests(PortalFixture portal)
{
    /// <summary>A credit-risk window; the drifted one moves income down and debt_ratio up.</summary>
    private static string Window(string path, int rows, int seed, bool drifted)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var sb = new StringBuilder("income,debt_ratio,age,open_accounts,region\n");
        string[] regions = ["north", "south", "east", "west"];
        for (var i = 0; i < rows; i++)
        {
            var income = Math.Exp(10.5 + (drifted ? -0.5 : 0) + (0.5 * Normal()));
            var debt = 0.35 + (drifted ? 0.2 : 0) + (0.15 * Normal());
            sb.Append(CultureInfo.InvariantCulture, $"{income:0.##},{debt:0.####},{40 + (12 * Normal()):0.#},{rng.Next(0, 12)},{regions[rng.Next(4)]}\n");
        }

        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task A_drift_upload_shows_an_open_alert_on_the_dashboard_that_an_engineer_acknowledges_with_a_note()
    {
        var dir = Directory.CreateTempSubdirectory("ml-e2e-alerts").FullName;
        var reference = Window(Path.Combine(dir, "reference.csv"), 1200, 17, drifted: false);
        var current = Window(Path.Combine(dir, "current.csv"), 900, 18, drifted: true);
        var page = await portal.SignInAsync("engineer@modellifecycle.local");
        try
        {
            await PortalFixture.OpenAsync(page, "/models/credit-risk/drift");
            await PortalFixture.ChooseFileAsync(page, "Reference window", reference, "reference-name");
            await PortalFixture.ChooseFileAsync(page, "Current window", current, "current-name");
            await page.GetByTestId("run-drift").ClickAsync();
            await Assertions.Expect(page.GetByText("Drift report stored.")).ToBeVisibleAsync(new() { Timeout = 30000 });

            await PortalFixture.OpenAsync(page, "/");
            var card = page.GetByTestId("open-alerts");
            await Assertions.Expect(card.GetByTestId("dashboard-alert").Filter(new() { HasText = "credit-risk" }).First).ToBeVisibleAsync();
            await card.GetByText("All alerts").ClickAsync();

            var row = page.GetByTestId("alert-row").Filter(new() { HasText = "credit-risk" }).First;
            await Assertions.Expect(row).ToBeVisibleAsync();
            await Assertions.Expect(row.GetByTestId("alert-raised")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$"));
            await row.GetByTestId("alert-acknowledge").ClickAsync();
            await page.GetByTestId("reason-input").FillAsync("Known shift after the pricing change");
            await page.GetByTestId("reason-confirm").ClickAsync();

            await Assertions.Expect(page.GetByText("Alert acknowledged.")).ToBeVisibleAsync();
            await PortalFixture.ScreenshotAsync(page, "alerts");
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "failure-alerts");
            throw;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
