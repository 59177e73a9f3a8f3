using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>What a newcomer meets around the pages: dead links, the icon, the API reference and its document.</summary>
public sealed class PortalFinishTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Unknown_portal_address_answers_the_portals_own_not_found_page()
    {
        using var browser = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await browser.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.Contains("Go to the dashboard", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_api_address_stays_a_problem_document()
    {
        using var client = await app.ClientForAsync(PortalApp.AdminEmail);

        var response = await client.GetAsync("/api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pages_link_a_favicon_that_is_served()
    {
        using var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var login = await browser.GetStringAsync("/account/login");
        var href = System.Text.RegularExpressions.Regex.Match(login, "<link rel=\"icon\"[^>]*href=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(href);

        var icon = await browser.GetAsync("/" + href.TrimStart('/'));

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApi_declares_bearer_and_api_key_and_secured_operations_require_one_of_them()
    {
        using var anonymous = app.CreateClient();
        var doc = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.Equal("header", schemes.GetProperty("ApiKey").GetProperty("in").GetString());

        var listModels = doc.GetProperty("paths").GetProperty("/api/v1/models").GetProperty("get");
        var alternatives = listModels.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name).ToList();
        Assert.Equal(["Bearer", "ApiKey"], alternatives);
        var login = doc.GetProperty("paths").GetProperty("/api/v1/auth/login").GetProperty("post");
        Assert.False(login.TryGetProperty("security", out _));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_its_problem_statuses()
    {
        using var anonymous = app.CreateClient();
        var doc = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operations = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name.ToUpperInvariant()} {path.Name}", Op: op.Value)))
            .ToList();
        Assert.True(operations.Count > 60, $"only {operations.Count} operations documented");
        Assert.Empty(Portal.Api.ApiDocumentation.Missing);
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Op.TryGetProperty("summary", out var s) ? s.GetString() : null), $"{o.Name} has no summary"));
        Assert.All(operations, o => Assert.Contains(o.Op.GetProperty("responses").EnumerateObject(), r => r.Name.StartsWith('4')));

        var traffic = operations.Single(o => o.Name == "PUT /api/v1/models/{name}/traffic").Op.GetProperty("responses");
        foreach (var status in new[] { "400", "401", "403", "404", "409" })
        {
            Assert.True(traffic.TryGetProperty(status, out var response), $"PUT traffic lacks {status}");
            Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _));
        }
    }

    [Fact]
    public async Task OpenApi_description_keeps_its_placeholders_visible()
    {
        using var anonymous = app.CreateClient();
        var doc = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var description = doc.GetProperty("info").GetProperty("description").GetString()!;

        // A bare <accessToken> is read as an HTML tag by the reference page and disappears.
        Assert.DoesNotMatch("<[A-Za-z]+>", description);
        Assert.Contains("`Authorization: Bearer {accessToken}`", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_reference_page_is_configured_to_need_nothing_from_the_internet()
    {
        using var anonymous = app.CreateClient();
        var html = await anonymous.GetStringAsync("/api/reference/");

        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"hideClientButton\":true", html, StringComparison.Ordinal);
        Assert.Contains("\"showDeveloperTools\":\"never\"", html, StringComparison.Ordinal);
    }
}
