using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>Four eyes holds for people, not credentials; taking rights away works on the next request.</summary>
public sealed class CredentialTrustTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Four_eyes_holds_when_an_admin_requests_with_an_engineer_key_and_approves_with_their_own_token()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        using var key = await app.KeyClientAsync(admin, "Engineer");
        var model = await StagedModelAsync(admin);

        var request = await key.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = "via key" });
        Assert.Equal(HttpStatusCode.Created, request.StatusCode);
        var id = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync($"/api/v1/promotions/{id}/reject", new { reason = "mine" })).StatusCode);
        var pending = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/promotions/{id}");
        Assert.Equal("Pending", pending.GetProperty("request").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Four_eyes_holds_when_an_admin_requests_with_their_token_and_approves_with_a_key()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        using var approverKey = await app.KeyClientAsync(admin, "Approver");
        var model = await StagedModelAsync(admin);

        var request = await admin.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/promotions", new { targetStage = "Production", justification = "by token" });
        Assert.Equal(HttpStatusCode.Created, request.StatusCode);
        var id = (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var approve = await approverKey.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "key decides" });
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);

        // Another person's key may not decide either: decisions are a person's.
        var otherAdmin = $"adm{Guid.NewGuid():N}"[..10] + "@it.test";
        await app.CreateUserAsync(otherAdmin, "Admin");
        using var other = await app.ClientForAsync(otherAdmin);
        using var otherKey = await app.KeyClientAsync(other, "Approver");
        Assert.Equal(HttpStatusCode.Forbidden, (await otherKey.PostAsJsonAsync($"/api/v1/promotions/{id}/reject", new { reason = "key decides" })).StatusCode);

        // The other Admin in person may.
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync($"/api/v1/promotions/{id}/approve", new { reason = "second pair of eyes" })).StatusCode);
    }

    [Fact]
    public async Task A_key_acts_as_its_owner_in_the_audit_trail_and_its_name_is_unique()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var name = $"ci-{Guid.NewGuid():N}"[..12];
        var created = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name, role = "Engineer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name, role = "Viewer" })).StatusCode);

        using var key = app.CreateClient();
        key.DefaultRequestHeaders.Add("X-Api-Key", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString());
        var model = $"m{Guid.NewGuid():N}"[..12];
        Assert.Equal(HttpStatusCode.Created, (await key.PostAsJsonAsync("/api/v1/models", new { name = model, task = "regression" })).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var actor = await db.AuditEvents.Where(e => e.EntityId == model).Select(e => e.Actor).FirstAsync();
        Assert.Equal($"{PortalApp.AdminEmail} via key {name}", actor);
    }

    [Fact]
    public async Task A_key_dies_when_its_owner_loses_the_role_or_is_disabled()
    {
        var ownerEmail = $"own{Guid.NewGuid():N}"[..10] + "@it.test";
        var ownerId = await app.CreateUserAsync(ownerEmail, "Admin");
        using var owner = await app.ClientForAsync(ownerEmail);
        using var engineerKey = await app.KeyClientAsync(owner, "Engineer");
        using var viewerKey = await app.KeyClientAsync(owner, "Viewer");
        Assert.Equal(HttpStatusCode.OK, (await engineerKey.GetAsync("/api/v1/models")).StatusCode);

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{ownerId}/roles", new { roles = new[] { "Viewer" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await engineerKey.GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewerKey.GetAsync("/api/v1/models")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/users/{ownerId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await viewerKey.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task A_demoted_users_old_token_is_refused_at_once()
    {
        var email = $"dem{Guid.NewGuid():N}"[..10] + "@it.test";
        var id = await app.CreateUserAsync(email, "Engineer");
        using var user = await app.ClientForAsync(email);
        Assert.Equal(HttpStatusCode.Created, (await user.PostAsJsonAsync("/api/v1/models", new { name = $"m{Guid.NewGuid():N}"[..12], task = "regression" })).StatusCode);

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}/roles", new { roles = new[] { "Viewer" } })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsJsonAsync("/api/v1/models", new { name = $"m{Guid.NewGuid():N}"[..12], task = "regression" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/models")).StatusCode);
        using var again = await app.ClientForAsync(email);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.PostAsJsonAsync("/api/v1/models", new { name = $"m{Guid.NewGuid():N}"[..12], task = "regression" })).StatusCode);
    }

    [Fact]
    public async Task A_locked_out_users_old_token_is_refused_at_once_until_an_admin_unlocks_them()
    {
        var email = $"lck{Guid.NewGuid():N}"[..10] + "@it.test";
        var id = await app.CreateUserAsync(email, "Viewer");
        using var user = await app.ClientForAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/v1/models")).StatusCode);

        using var guesser = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await guesser.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password-1" });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PortalApp.Password })).StatusCode);

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var unlocked = await admin.PostAsync($"/api/v1/admin/users/{id}/unlock", null);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.False((await unlocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lockedOut").GetBoolean());
        using var back = await app.ClientForAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task Unknown_locked_and_disabled_accounts_get_the_same_answer()
    {
        var locked = $"lk2{Guid.NewGuid():N}"[..10] + "@it.test";
        await app.CreateUserAsync(locked, "Viewer");
        var disabled = $"dis{Guid.NewGuid():N}"[..10] + "@it.test";
        var disabledId = await app.CreateUserAsync(disabled, "Viewer");
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/login", new { email = locked, password = "wrong-password-1" });
        }

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/users/{disabledId}/disable", null)).StatusCode);

        var answers = new List<(HttpStatusCode, string?)>();
        foreach (var email in new[] { $"nobody{Guid.NewGuid():N}@it.test", locked, disabled })
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PortalApp.Password });
            answers.Add((response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()));
        }

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(HttpStatusCode.Unauthorized, answers[0].Item1);
    }

    [Fact]
    public async Task Disable_enable_and_password_reset_take_effect_at_once()
    {
        var email = $"dsb{Guid.NewGuid():N}"[..10] + "@it.test";
        var id = await app.CreateUserAsync(email, "Viewer");
        using var user = await app.ClientForAsync(email);
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);

        var disabled = await admin.PostAsync($"/api/v1/admin/users/{id}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True((await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/models")).StatusCode);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PortalApp.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/admin/users/no-such-user/disable", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/users/{id}/enable", null)).StatusCode);
        using var enabled = await app.ClientForAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await enabled.GetAsync("/api/v1/models")).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/admin/users/{id}/reset-password", new { password = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await enabled.GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/admin/users/{id}/reset-password", new { password = "Brand-New-Pass-9" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await enabled.GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PortalApp.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Brand-New-Pass-9" })).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var actions = await db.AuditEvents.Where(e => e.EntityId == email).Select(e => e.Action).ToListAsync();
        Assert.Contains("user.disabled", actions);
        Assert.Contains("user.enabled", actions);
        Assert.Contains("user.password_reset", actions);
    }

    [Fact]
    public async Task Refresh_token_gives_a_new_token_until_the_users_rights_change()
    {
        var email = $"ref{Guid.NewGuid():N}"[..10] + "@it.test";
        var id = await app.CreateUserAsync(email, "Engineer");
        using var client = app.CreateClient();
        var login = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PortalApp.Password })).Content.ReadFromJsonAsync<JsonElement>();
        var refreshToken = login.GetProperty("refreshToken").GetString();

        var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var access = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var models = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        models.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(models)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "garbage" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { })).StatusCode);

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{id}/roles", new { roles = new[] { "Viewer" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken })).StatusCode);
    }

    private static async Task<string> StagedModelAsync(HttpClient admin)
    {
        var model = $"m{Guid.NewGuid():N}"[..12];
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/models", new { name = model, task = "regression" })).StatusCode);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("artifact"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "artifact", "model.zip");
        form.Add(new StringContent(JsonSerializer.Serialize(new { version = "1.0.0", metrics = new { rmse = 0.1 } })), "metadata");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/api/v1/models/{model}/versions", form)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/models/{model}/versions/1.0.0/stage", new { stage = "Staging" })).StatusCode);
        return model;
    }
}
