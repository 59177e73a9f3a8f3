using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>An app that remembers validated API keys for an hour, so only invalidation can refuse a cached key.</summary>
public sealed class ApiKeyCacheFixture : IAsyncLifetime
{
    public PortalApp App { get; } = new()
    {
        Settings = new Dictionary<string, string> { ["Portal:Security:ApiKeyCacheSeconds"] = "3600" },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// The API key cache keeps "rights apply at once": each test warms the cache with a burst of concurrent predictions
/// (an unknown model answers 404 once the key is authenticated and authorised), takes a right away through the API or
/// a sign-in, and expects the very next request to be refused.
/// </summary>
public sealed class ApiKeyCacheTests(ApiKeyCacheFixture fixture) : IClassFixture<ApiKeyCacheFixture>
{
    private const string Predict = "/api/v1/models/no-such-model/predict";
    private readonly PortalApp app = fixture.App;

    [Fact]
    public async Task A_revoked_key_is_refused_on_the_next_request()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var (id, machine) = await KeyAsync(admin, "Scorer");
        using var _ = machine;
        await WarmAsync(machine);

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/admin/api-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PredictAsync(machine)).StatusCode);
    }

    [Fact]
    public async Task A_disabled_owners_key_is_refused_on_the_next_request_and_works_again_once_enabled()
    {
        var (ownerId, owner) = await OwnerAsync("dis");
        using var _ = owner;
        var (_, machine) = await KeyAsync(owner, "Scorer");
        using var __ = machine;
        await WarmAsync(machine);

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/users/{ownerId}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PredictAsync(machine)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/users/{ownerId}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PredictAsync(machine)).StatusCode);
    }

    [Fact]
    public async Task A_key_whose_owner_lost_its_role_is_refused_on_the_next_request()
    {
        // The documented rule (docs/decisions.md, "Credentials act for people"): a key whose owner no longer holds its
        // role is refused (401), never silently downgraded.
        var (ownerId, owner) = await OwnerAsync("rol");
        using var _ = owner;
        var (_, scorer) = await KeyAsync(owner, "Scorer");
        using var __ = scorer;
        var (_, engineer) = await KeyAsync(owner, "Engineer");
        using var ___ = engineer;
        await WarmAsync(scorer);
        Assert.Equal(HttpStatusCode.OK, (await engineer.GetAsync("/api/v1/models")).StatusCode);

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{ownerId}/roles", new { roles = new[] { "Viewer" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PredictAsync(scorer)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await engineer.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task A_scorer_key_stays_forbidden_outside_predict_while_cached()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var (_, machine) = await KeyAsync(admin, "Scorer");
        using var _ = machine;
        await WarmAsync(machine);
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.GetAsync("/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.PostAsJsonAsync("/api/v1/models", new { name = "k", task = "regression" })).StatusCode);
    }

    [Fact]
    public async Task A_locked_out_owners_key_is_refused_on_the_next_request_until_an_admin_unlocks_them()
    {
        // The lockout is written by Identity's store during failed sign-ins, not by the admin service.
        var (ownerId, owner) = await OwnerAsync("lck");
        using var _ = owner;
        var (_, machine) = await KeyAsync(owner, "Scorer");
        using var __ = machine;
        await WarmAsync(machine);

        var email = await EmailAsync(ownerId);
        using var guesser = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await guesser.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password-1" });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await PredictAsync(machine)).StatusCode);

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/users/{ownerId}/unlock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PredictAsync(machine)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_secret_with_a_cached_keys_prefix_is_refused()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var created = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"key-{Guid.NewGuid():N}", role = "Scorer" });
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        using var right = app.CreateClient();
        right.DefaultRequestHeaders.Add("X-Api-Key", secret);
        await WarmAsync(right);

        using var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", secret[..^2] + (secret[^1] == 'A' ? "BB" : "AA"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PredictAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PredictAsync(right)).StatusCode);
    }

    [Fact]
    public async Task A_used_key_records_when_it_was_last_used()
    {
        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        var (id, machine) = await KeyAsync(admin, "Scorer");
        using var _ = machine;
        await WarmAsync(machine);

        var keys = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/api-keys");
        var key = keys.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.Equal(JsonValueKind.String, key.GetProperty("lastUsedAt").ValueKind);
    }

    private static async Task<HttpResponseMessage> PredictAsync(HttpClient client) =>
        await client.PostAsJsonAsync(Predict, new { features = new { x = 1 } });

    // Concurrent requests share one check; every one of them must be let through.
    private static async Task WarmAsync(HttpClient client)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => PredictAsync(client)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await PredictAsync(client)).StatusCode);
    }

    private async Task<(string Id, HttpClient Client)> KeyAsync(HttpClient owner, string role)
    {
        var created = await owner.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"key-{Guid.NewGuid():N}", role });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", body.GetProperty("apiKey").GetString());
        return (body.GetProperty("key").GetProperty("id").GetString()!, client);
    }

    // Keys are created by Admins and act as them: a second Admin owns the key, so the first can take rights away.
    private async Task<(string Id, HttpClient Client)> OwnerAsync(string tag)
    {
        var email = $"{tag}{Guid.NewGuid():N}"[..10] + "@it.test";
        var id = await app.CreateUserAsync(email, "Admin");
        return (id, await app.ClientForAsync(email));
    }

    private async Task<string> EmailAsync(string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync();
    }
}
