using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class DriftPageTests(PortalFixture portal)
{
    /// <summary>A credit-risk window; the current one moves income down and debt_ratio up.</summary>
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
    public async Task Engineer_uploads_two_windows_and_sees_the_drifted_features_and_charts()
    {
        var dir = Directory.CreateTempSubdirectory("ml-e2e-drift").FullName;
        var reference = Window(Path.Combine(dir, "reference.csv"), 1200, 7, drifted: false);
        var current = Window(Path.Combine(dir, "current.csv"), 900, 8, drifted: true);
        var page = await portal.SignInAsync("engineer@modellifecycle.local");
        try
        {
            await PortalFixture.OpenAsync(page, "/models/credit-risk/drift");
            await PortalFixture.ChooseFileAsync(page, "Reference window", reference, "reference-name");
            await PortalFixture.ChooseFileAsync(page, "Current window", current, "current-name");
            await page.GetByTestId("run-drift").ClickAsync();

            await Assertions.Expect(page.GetByText("Drift report stored.")).ToBeVisibleAsync(new() { Timeout = 30000 });
            var rows = page.GetByTestId("drift-table").Locator("tbody tr");
            await Assertions.Expect(rows.Nth(0).GetByTestId("feature-name")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("income|debt_ratio"));
            await Assertions.Expect(rows.Nth(1).GetByTestId("feature-name")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("income|debt_ratio"));
            await Assertions.Expect(rows.Nth(0).GetByTestId("severity-chip")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("High|Critical"));
            await Assertions.Expect(rows.Nth(2).GetByTestId("severity-chip")).ToHaveTextAsync("None");

            var psi = page.GetByTestId("chart-psi").Locator("svg");
            await Assertions.Expect(psi).ToBeVisibleAsync();
            await Assertions.Expect(psi).ToContainTextAsync("income");
            await Assertions.Expect(psi).ToContainTextAsync("debt_ratio");
            await Assertions.Expect(page.GetByTestId("chart-ecdf").Locator("svg")).ToContainTextAsync("KS");
            await Assertions.Expect(page.GetByTestId("chart-histogram").Locator("svg")).ToBeVisibleAsync();
            await PortalFixture.ScreenshotAsync(page, "drift");

            await PortalFixture.OpenAsync(page, "/");
            await Assertions.Expect(page.GetByTestId("dashboard-alert").Filter(new() { HasText = "credit-risk" }).First).ToBeVisibleAsync();
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "failure-drift");
            throw;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Window_that_does_not_match_the_schema_shows_the_reason_and_stores_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("ml-e2e-drift-bad").FullName;
        var reference = Window(Path.Combine(dir, "reference.csv"), 200, 9, drifted: false);
        var bad = Path.Combine(dir, "bad.csv");
        File.WriteAllText(bad, "income,debt_ratio,age,open_accounts,region\n1,0.2,30,1,north\nlots,0.3,31,2,south\n");
        var page = await portal.SignInAsync("engineer@modellifecycle.local");
        await PortalFixture.OpenAsync(page, "/models/house-prices/drift");
        var before = await page.GetByTestId("report-item").CountAsync();

        await PortalFixture.ChooseFileAsync(page, "Reference window", reference, "reference-name");
        await PortalFixture.ChooseFileAsync(page, "Current window", bad, "current-name");
        await page.GetByTestId("run-drift").ClickAsync();

        await Assertions.Expect(page.GetByText("lacks the model's feature column(s)")).ToBeVisibleAsync(new() { Timeout = 20000 });
        Assert.Equal(before, await page.GetByTestId("report-item").CountAsync());
        Directory.Delete(dir, recursive: true);
    }
}
