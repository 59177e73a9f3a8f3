using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class AuditAndSignInTests(PortalFixture portal)
{
    [Fact]
    public async Task Admin_verifies_audit_chain_from_audit_page()
    {
        var page = await portal.SignInAsync("admin@modellifecycle.local");
        try
        {
            await PortalFixture.OpenAsync(page, "/audit");
            await Assertions.Expect(page.GetByTestId("audit-table")).ToContainTextAsync("version.registered", new() { Timeout = 15000 });
            await page.GetByTestId("verify").ClickAsync();
            await Assertions.Expect(page.GetByTestId("verify-result")).ToContainTextAsync("Chain intact.", new() { Timeout = 15000 });
            await PortalFixture.ScreenshotAsync(page, "audit");

            // Other tests on this shared server register models too: the dashboard shows the registry's own total.
            var models = await page.APIRequest.GetAsync("/api/v1/models?pageSize=1");
            var total = System.Text.Json.JsonDocument.Parse(await models.TextAsync()).RootElement.GetProperty("total").GetInt32();
            Assert.True(total >= 2, $"the demo's two models are missing ({total})");
            await PortalFixture.OpenAsync(page, "/");
            await Assertions.Expect(page.GetByTestId("model-count")).ToHaveTextAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15000 });
            await PortalFixture.ScreenshotAsync(page, "dashboard");
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "failure-audit");
            throw;
        }
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_message()
    {
        var context = await portal.Browser.NewContextAsync(new() { BaseURL = portal.Server.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/models");
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.FillAsync("#email", "viewer@modellifecycle.local");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.GetByTestId("login-error")).ToHaveTextAsync("Wrong email or password, or the account is locked or disabled.");
        await PortalFixture.ScreenshotAsync(page, "login-error");
    }

    [Fact]
    public async Task Hangfire_dashboard_is_for_admins_only()
    {
        var viewer = await portal.SignInAsync("viewer@modellifecycle.local");
        await viewer.GotoAsync("/hangfire");
        Assert.Contains("/account/denied", viewer.Url, StringComparison.Ordinal);

        var admin = await portal.SignInAsync("admin@modellifecycle.local");
        var allowed = await admin.GotoAsync("/hangfire/recurring");
        Assert.Equal(200, allowed!.Status);
        await Assertions.Expect(admin.GetByText("expire-promotion-requests")).ToBeVisibleAsync();
    }
}
