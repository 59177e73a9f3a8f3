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
}
