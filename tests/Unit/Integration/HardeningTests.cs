using System.Net;
using System.Text.RegularExpressions;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>Security headers on every answer, and the database and key files readable by the owner only.</summary>
public sealed partial class HardeningTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Pages_and_api_answers_carry_the_security_headers_and_the_import_map_its_nonce()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var page = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        var nonce = Nonce().Match(csp).Groups[1].Value;
        Assert.NotEmpty(nonce);
        var importMap = Regex.Match(await page.Content.ReadAsStringAsync(), "<script[^>]*importmap[^>]*>").Value;
        Assert.Contains($"nonce=\"{nonce}\"", importMap, StringComparison.Ordinal);

        // Every nonce reaches the page exactly as the header states it (no HTML entity encoding of its characters).
        for (var i = 0; i < 25; i++)
        {
            var again = await client.GetAsync("/account/login");
            var stated = Nonce().Match(again.Headers.GetValues("Content-Security-Policy").Single()).Groups[1].Value;
            Assert.Contains($"nonce=\"{stated}\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", page.Headers.GetValues("Referrer-Policy").Single());

        var api = await client.GetAsync("/api/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("nosniff", api.Headers.GetValues("X-Content-Type-Options").Single());

        var second = (await client.GetAsync("/account/login")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.NotEqual(nonce, Nonce().Match(second).Groups[1].Value);
    }

    [Fact]
    public async Task The_database_and_the_data_protection_keys_are_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only; Windows relies on the folder's ACLs.
        }

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/models")).StatusCode);

        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var database = Path.Combine(app.DataDirectory, "portal.db");
        Assert.Equal(owner, File.GetUnixFileMode(database));
        if (File.Exists(database + "-wal"))
        {
            Assert.Equal(owner, File.GetUnixFileMode(database + "-wal"));
        }

        var keys = Directory.GetFiles(Path.Combine(app.DataDirectory, "keys"), "*.xml");
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.Equal(owner, File.GetUnixFileMode(key));
        }

        Assert.Equal(owner | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(app.DataDirectory, "keys")));
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();
}
