using System.Net;
using System.Security.Cryptography;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>In Production the audit key must come from configuration or a key file outside the data folder.</summary>
public sealed class AuditKeyProductionTests
{
    [Fact]
    public async Task Production_refuses_to_start_without_a_configured_audit_key()
    {
        await using var app = new PortalApp { EnvironmentName = "Production" };
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var message = Flatten(error);
        Assert.Contains("No audit key configured", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Audit:Key", message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "audit.key")));
    }

    [Fact]
    public async Task Production_refuses_a_key_file_inside_the_data_folder()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"ml-it-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var keyFile = Path.Combine(dataDirectory, "mine.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await using var app = new PortalApp
        {
            EnvironmentName = "Production",
            Settings = new Dictionary<string, string> { ["Portal:DataDirectory"] = dataDirectory, ["Portal:Audit:KeyFile"] = keyFile },
        };

        var message = Flatten(Assert.ThrowsAny<Exception>(() => app.CreateClient()));
        Assert.Contains("inside the data folder", message, StringComparison.Ordinal);
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Production_starts_with_the_key_from_configuration()
    {
        await using var app = new PortalApp
        {
            EnvironmentName = "Production",
            Settings = new Dictionary<string, string> { ["Portal:Audit:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
        };
        using var client = await app.ClientForAsync(PortalApp.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/audit/verify")).StatusCode);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "audit.key")));
    }

    [Fact]
    public async Task Outside_production_the_key_is_still_generated_beside_the_database()
    {
        await using var app = new PortalApp();
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "audit.key")));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
