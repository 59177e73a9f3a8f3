using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

/// <summary>The portal on a tablet (768×1024 portrait): every page fits the width; wide tables scroll inside themselves.</summary>
[Collection(PortalCollection.Name)]
public sealed class TabletLayoutTests(PortalFixture portal)
{
    public static TheoryData<string, string> Pages => new()
    {
        { "/", "tablet-dashboard" },
        { "/models", "tablet-models" },
        { "/models/credit-risk", "tablet-model-detail" },
        { "/approvals", "tablet-approvals" },
        { "/drift", "tablet-drift-index" },
        { "/models/credit-risk/drift", "tablet-drift" },
        { "/audit", "tablet-audit" },
        { "/admin", "tablet-admin" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_fits_a_tablet_without_sideways_scrolling(string path, string screenshot)
    {
        var page = await portal.SignInAsync("admin@modellifecycle.local");
        await page.SetViewportSizeAsync(768, 1024);
        await PortalFixture.OpenAsync(page, path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await PortalFixture.ScreenshotAsync(page, screenshot);
        Assert.True(overflow <= 1, $"{path} is {overflow}px wider than a 768px tablet.");
        await page.Context.CloseAsync();
    }

    public static TheoryData<string, string, string> LaptopTables => new()
    {
        { "/", "deployed-table", "laptop-dashboard" },
        { "/models", "models-table", "laptop-models" },
        { "/models/credit-risk", "versions-table", "laptop-model-detail" },
        { "/models/credit-risk/drift", "drift-table", "laptop-drift" },
        { "/audit", "audit-table", "laptop-audit" },
    };

    [Theory]
    [MemberData(nameof(LaptopTables))]
    public async Task Tables_fit_their_card_on_a_1366_by_768_laptop(string path, string table, string screenshot)
    {
        var page = await portal.SignInAsync("admin@modellifecycle.local");
        await page.SetViewportSizeAsync(1366, 768);
        await PortalFixture.OpenAsync(page, path);
        await Assertions.Expect(page.GetByTestId(table).Locator("tbody tr").First).ToBeVisibleAsync(new() { Timeout = 15000 });

        // Every table on the page, not only the one waited for: its content is no wider than the box that holds it.
        var widths = await page.EvaluateAsync<int[][]>(
            "() => Array.from(document.querySelectorAll('.mud-table-container')).map(c => [c.clientWidth, c.querySelector('table')?.scrollWidth ?? 0])");
        await PortalFixture.ScreenshotAsync(page, screenshot);
        Assert.NotEmpty(widths);
        Assert.All(widths, w => Assert.True(w[1] <= w[0] + 1, $"{path}: a table is {w[1]}px wide in a {w[0]}px card."));
        await page.Context.CloseAsync();
    }
}
