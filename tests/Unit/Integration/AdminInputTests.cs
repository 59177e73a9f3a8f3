using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>Administration's text fields have limits too: a clear 400 naming the field, and nothing created.</summary>
public sealed class AdminInputTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Over_long_email_and_key_name_are_refused_and_create_nothing()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var email = new string('e', 300) + "@it.test";

        var user = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = PortalApp.Password, roles = new[] { "Viewer" } });
        var key = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = new string('k', 101), role = "Viewer" });

        Assert.Equal(HttpStatusCode.BadRequest, user.StatusCode);
        Assert.Contains("'email'", (await user.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, key.StatusCode);
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/users");
        Assert.DoesNotContain(users.EnumerateArray(), u => u.GetProperty("email").GetString()!.StartsWith("eee", StringComparison.Ordinal));
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/api-keys")).EnumerateArray());
    }

    [Fact]
    public async Task A_key_name_with_a_nul_character_is_refused_like_any_text_field()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);

        var key = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "scorer\0x", role = "Viewer" });

        Assert.Equal(HttpStatusCode.BadRequest, key.StatusCode);
        Assert.Contains("NUL", (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain((await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/api-keys")).EnumerateArray(), k => k.GetProperty("name").GetString()!.StartsWith("scorer", StringComparison.Ordinal));
    }
}
