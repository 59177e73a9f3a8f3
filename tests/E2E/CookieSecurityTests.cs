using Microsoft.Playwright;

namespace ModelLifecycle.Tests.E2E;

/// <summary>What a signed-in browser's cookie can and cannot do outside the portal's own pages (CSRF).</summary>
[Collection(PortalCollection.Name)]
public sealed class CookieSecurityTests(PortalFixture portal)
{
    [Fact]
    public async Task Portal_cookie_reads_the_api_but_cannot_change_anything_or_sign_out_without_a_token()
    {
        var page = await portal.SignInAsync("engineer@modellifecycle.local");
        var api = page.Context.APIRequest;

        var list = await api.GetAsync("/api/v1/models");
        Assert.Equal(200, list.Status);

        var create = await api.PostAsync("/api/v1/models", new()
        {
            DataObject = new { name = "csrf-model", task = "regression", features = new[] { new { name = "x", type = "numeric" } } },
        });
        Assert.Equal(401, create.Status);
        Assert.Equal(404, (await api.GetAsync("/api/v1/models/csrf-model")).Status);

        var approve = await api.PostAsync($"/api/v1/promotions/{Guid.NewGuid()}/approve", new() { DataObject = new { reason = "forged" } });
        Assert.Equal(401, approve.Status);

        // A cross-site form aimed at sign-out carries the cookie but no antiforgery token.
        var logout = await api.PostAsync("/account/logout", new() { Form = api.CreateFormData(), MaxRedirects = 0 });
        Assert.Equal(400, logout.Status);
        await PortalFixture.OpenAsync(page, "/models");
        Assert.DoesNotContain("/account/login", page.Url, StringComparison.Ordinal);

        // The real button (a form with the token) still signs out.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        Assert.Equal(401, (await api.GetAsync("/api/v1/models")).Status);
    }
}
