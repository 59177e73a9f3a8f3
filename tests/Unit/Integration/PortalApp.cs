using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>
/// The real app in-process over HTTP: its own SQLite file and data folder per test class, the real Hangfire server
/// with in-memory storage, no demo data, and a configured first admin.
/// </summary>
public sealed class PortalApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@it.test";
    public const string Password = "Integration-Pass-1";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"ml-it-{Guid.NewGuid():N}");

    /// <summary>Extra configuration for this instance (set before the first client is created).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The host environment (the suite's own "Testing" unless a test needs Production's rules).</summary>
    public string EnvironmentName { get; init; } = "Testing";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Portal:DataDirectory", DataDirectory);
        builder.UseSetting("Portal:Admin:Email", AdminEmail);
        builder.UseSetting("Portal:Admin:Password", Password);
        builder.UseSetting("Portal:SeedDemo", "false");
        builder.UseSetting("Portal:Security:MaxFailedAccessAttempts", "3");
        // Tests sign in many times a minute from one client; RateLimitTests set low limits through Settings.
        builder.UseSetting("Portal:Security:LoginPermitsPerMinute", "10000");
        builder.UseSetting("Portal:Security:LoginPermitsPerAccountPerMinute", "10000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task<HttpClient> ClientForAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        login.EnsureSuccessStatusCode();
        var token = await login.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>Creates a user through the admin API and returns their id.</summary>
    public async Task<string> CreateUserAsync(string email, params string[] roles)
    {
        using var admin = await ClientForAsync(AdminEmail);
        var created = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, roles });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Creates an API key with <paramref name="admin"/>'s credential and returns a client that sends it.</summary>
    public async Task<HttpClient> KeyClientAsync(HttpClient admin, string role)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"key-{Guid.NewGuid():N}", role });
        created.EnsureSuccessStatusCode();
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString());
        return client;
    }

    /// <summary>Creates a user through the admin API and returns a signed-in client for it.</summary>
    public async Task<HttpClient> UserAsync(string email, params string[] roles)
    {
        using var admin = await ClientForAsync(AdminEmail);
        var created = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, password = Password, roles });
        created.EnsureSuccessStatusCode();
        return await ClientForAsync(email);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
