using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>The last active Admin stays: no path (own token, own key, two Admins at once) leaves the portal without one.</summary>
public sealed class LastAdminTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one_admin()
    {
        var otherEmail = "second-admin@it.test";
        var otherId = await app.CreateUserAsync(otherEmail, "Admin");
        using var first = await app.ClientForAsync(PortalApp.AdminEmail);
        using var second = await app.ClientForAsync(otherEmail);
        var users = await first.GetFromJsonAsync<JsonElement>("/api/v1/admin/users");
        var firstId = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == PortalApp.AdminEmail).GetProperty("id").GetString();

        var results = await Task.WhenAll(
            first.PutAsJsonAsync($"/api/v1/admin/users/{otherId}/roles", new { roles = new[] { "Viewer" } }),
            second.PutAsJsonAsync($"/api/v1/admin/users/{firstId}/roles", new { roles = new[] { "Viewer" } }));

        // One wins; the loser is refused, either as the last Admin (409) or because its own token was demoted first (401).
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        var after = await AdminClientAsync(results[0].StatusCode == HttpStatusCode.OK ? PortalApp.AdminEmail : otherEmail);
        var admins = (await after.GetFromJsonAsync<JsonElement>("/api/v1/admin/users")).EnumerateArray()
            .Where(u => u.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "Admin")).ToList();
        Assert.Single(admins);

        // The last Admin can neither demote nor disable themself, by token or by their Admin key.
        var lastId = admins[0].GetProperty("id").GetString();
        using var key = await app.KeyClientAsync(after, "Admin");
        foreach (var client in new[] { after, key })
        {
            Assert.True((await client.PutAsJsonAsync($"/api/v1/admin/users/{lastId}/roles", new { roles = new[] { "Viewer" } })).StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict);
            Assert.True((await client.PostAsync($"/api/v1/admin/users/{lastId}/disable", null)).StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict);
        }

        var still = (await after.GetFromJsonAsync<JsonElement>("/api/v1/admin/users")).EnumerateArray().Single(u => u.GetProperty("id").GetString() == lastId);
        Assert.Contains("Admin", still.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(still.GetProperty("disabled").GetBoolean());
    }

    private Task<HttpClient> AdminClientAsync(string email) => app.ClientForAsync(email);
}
