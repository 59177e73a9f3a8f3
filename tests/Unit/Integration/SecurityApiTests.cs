using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Tests.Unit.Integration;

public sealed class SecurityApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Anonymous_api_calls_get_401_and_health_and_openapi_are_served()
    {
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        var openApi = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/promotions/{id}/approve", out _));
    }

    [Fact]
    public async Task Api_key_carries_its_role_and_stops_working_when_revoked()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var created = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "scoring-service", role = "Viewer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("apiKey").GetString()!;
        var id = body.GetProperty("key").GetProperty("id").GetString();

        using var machine = app.CreateClient(new() { AllowAutoRedirect = false });
        machine.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.PostAsJsonAsync("/api/v1/models", new { name = "k", task = "regression" })).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var stored = await db.ApiKeys.SingleAsync(k => k.Name == "scoring-service");
            Assert.DoesNotContain(secret, stored.SecretHash, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/admin/api-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await machine.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task Only_admins_administer_users_and_bad_roles_are_refused()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var bad = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = "x@it.test", password = PortalApp.Password, roles = new[] { "Overlord" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        using var engineer = await app.UserAsync($"e{Guid.NewGuid():N}"[..8] + "@it.test", "Engineer");
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.GetAsync("/api/v1/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.PostAsJsonAsync("/api/v1/admin/users", new { email = "y@it.test", password = PortalApp.Password, roles = new[] { "Admin" } })).StatusCode);
    }

    [Fact]
    public async Task Audit_verify_reports_a_hand_edited_row()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = $"a{Guid.NewGuid():N}"[..8] + "@it.test", password = PortalApp.Password, roles = new[] { "Viewer" } });
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
        Assert.True(before.GetProperty("valid").GetBoolean());

        long victim;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            victim = await db.AuditEvents.OrderBy(e => e.Sequence).Select(e => e.Id).FirstAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE AuditEvents SET Reason = 'edited by hand' WHERE Id = {victim}");
        }

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
        Assert.False(after.GetProperty("valid").GetBoolean());
        Assert.Equal(victim, after.GetProperty("firstBrokenEventId").GetInt64());
        Assert.True(after.GetProperty("events").GetInt32() > 0);

        var csv = await admin.GetStringAsync("/api/v1/audit/export");
        Assert.StartsWith("sequence,at,actor,action,entityType,entityId,before,after,reason,previousHash,hash", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hangfire_dashboard_refuses_non_admins()
    {
        using var viewer = await app.UserAsync($"v{Guid.NewGuid():N}"[..8] + "@it.test", "Viewer");
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
    }
}
