using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class AdminPageTests(PortalFixture portal)
{
    [Fact]
    public async Task Admin_creates_an_api_key_that_works_once_and_sees_every_demo_user()
    {
        var page = await portal.SignInAsync("admin@modellifecycle.local");
        try
        {
            await PortalFixture.OpenAsync(page, "/admin");
            await Assertions.Expect(page.GetByTestId("users")).ToContainTextAsync("approver@modellifecycle.local");
            await Assertions.Expect(page.GetByTestId("users")).ToContainTextAsync("viewer@modellifecycle.local");
            await PortalFixture.ScreenshotAsync(page, "admin-users");

            await page.GetByRole(AriaRole.Tab, new() { Name = "API keys" }).ClickAsync();
            await page.GetByLabel("Key name (what client uses it)").FillAsync("nightly-export");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
            var secret = page.GetByTestId("new-key").Locator(".mono");
            await Assertions.Expect(secret).ToContainTextAsync("mlk_", new() { Timeout = 15000 });
            var key = (await secret.TextContentAsync())!.Trim();
            await PortalFixture.ScreenshotAsync(page, "admin-keys");

            var api = await page.Context.APIRequest.GetAsync($"{portal.Server.BaseUrl}/api/v1/models", new() { Headers = new Dictionary<string, string> { ["X-Api-Key"] = key } });
            Assert.Equal(200, api.Status);
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "failure-admin");
            throw;
        }
    }
}
