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

    [Fact]
    public async Task Admin_disables_enables_and_resets_the_password_of_a_user_and_the_key_form_clears()
    {
        var page = await portal.SignInAsync("admin@modellifecycle.local");
        try
        {
            var email = $"ops{Guid.NewGuid():N}"[..10] + "@example.test";
            var login = await page.Context.APIRequest.PostAsync($"{portal.Server.BaseUrl}/api/v1/auth/login", new() { DataObject = new { email = "admin@modellifecycle.local", password = PortalServer.Password } });
            var token = (await login.JsonAsync())!.Value.GetProperty("accessToken").GetString();
            var created = await page.Context.APIRequest.PostAsync($"{portal.Server.BaseUrl}/api/v1/admin/users", new()
            {
                Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
                DataObject = new { email, password = PortalServer.Password, roles = new[] { "Viewer" } },
            });
            Assert.Equal(201, created.Status);

            await PortalFixture.OpenAsync(page, "/admin");
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });
            await Assertions.Expect(row.GetByTestId("user-status")).ToHaveTextAsync("active");
            await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
            await Assertions.Expect(row.GetByTestId("user-status")).ToHaveTextAsync("disabled");
            var refused = await page.Context.APIRequest.PostAsync($"{portal.Server.BaseUrl}/api/v1/auth/login", new() { DataObject = new { email, password = PortalServer.Password } });
            Assert.Equal(401, refused.Status);

            await row.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
            await Assertions.Expect(row.GetByTestId("user-status")).ToHaveTextAsync("active");

            await row.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByLabel("New password").FillAsync("Reset-by-admin-7");
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
            await Assertions.Expect(page.GetByText($"Password of {email} reset.")).ToBeVisibleAsync();
            var signIn = await page.Context.APIRequest.PostAsync($"{portal.Server.BaseUrl}/api/v1/auth/login", new() { DataObject = new { email, password = "Reset-by-admin-7" } });
            Assert.Equal(200, signIn.Status);

            await page.GetByRole(AriaRole.Tab, new() { Name = "API keys" }).ClickAsync();
            var name = page.GetByLabel("Key name (what client uses it)");
            await name.FillAsync($"form-{Guid.NewGuid():N}"[..12]);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("new-key").Locator(".mono")).ToContainTextAsync("mlk_", new() { Timeout = 15000 });
            await Assertions.Expect(name).ToHaveValueAsync("");
            await Assertions.Expect(page.GetByTestId("new-key").GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeVisibleAsync();
        }
        catch
        {
            await PortalFixture.ScreenshotAsync(page, "failure-admin-users");
            throw;
        }
    }
}
