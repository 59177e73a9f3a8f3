using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

/// <summary>The portal, the Hangfire dashboard and the API reference work in Chromium under the portal's CSP.</summary>
[Collection(PortalCollection.Name)]
public sealed class ContentSecurityPolicyTests(PortalFixture portal)
{
    [Fact]
    public async Task Pages_render_and_run_without_csp_violations()
    {
        var page = await portal.SignInAsync("admin@modellifecycle.local");
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{page.Url}: {message.Text}");
            }
        };
        try
        {
            var home = await page.GotoAsync("/");
            Assert.Contains("script-src 'self' 'nonce-", (await home!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
            await PortalFixture.WaitInteractiveAsync(page);
            await PortalFixture.OpenAsync(page, "/admin");
            await Assertions.Expect(page.GetByTestId("users")).ToContainTextAsync("viewer@modellifecycle.local");

            await page.GotoAsync("/hangfire");
            await Assertions.Expect(page.GetByText("Realtime graph")).ToBeVisibleAsync(new() { Timeout = 20000 });

            await page.GotoAsync("/api/reference");
            await Assertions.Expect(page.GetByText("ModelLifecycle API").First).ToBeVisibleAsync(new() { Timeout = 30000 });

            Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "failure-csp");
            throw;
        }
    }
}
