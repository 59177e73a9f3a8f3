using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ModelLifecycle.Tests.E2E;

/// <summary>
/// The built portal started as an operator would behind a reverse proxy: Production environment,
/// <c>--urls http://127.0.0.1:PORT</c>, first admin from configuration, no demo data.
/// </summary>
public sealed class ProductionHostingTests
{
    private const string AdminEmail = "ops@example.test";

    [Fact]
    public async Task Production_serves_plain_http_and_creates_the_configured_admin_only()
    {
        await using var server = await PortalServer.StartAsync("Production", new Dictionary<string, string>
        {
            ["Portal__Admin__Email"] = AdminEmail,
            ["Portal__Admin__Password"] = PortalServer.Password,
            // Production refuses to generate the audit key beside the database.
            ["Portal__Audit__Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.BaseUrl) };

        var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // A page asks for sign-in on the same plain-HTTP origin: no redirect to https (TLS is the proxy's job).
        var home = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        var location = home.Headers.Location!.ToString();
        Assert.Contains("/account/login", location, StringComparison.Ordinal);
        Assert.DoesNotContain("https:", location, StringComparison.Ordinal);
        Assert.False(home.Headers.Contains("Strict-Transport-Security"));

        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminEmail, password = PortalServer.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        using var models = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        models.Headers.Authorization = new("Bearer", token);
        var list = await http.SendAsync(models);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetInt32());

        // No demo accounts outside Development unless asked for.
        var demo = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = "engineer@modellifecycle.local", password = PortalServer.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
    }

    [Fact]
    public async Task Started_from_another_folder_it_reads_its_own_appsettings_and_sends_no_server_header()
    {
        var elsewhere = Directory.CreateTempSubdirectory("ml-cwd").FullName;
        try
        {
            await using var server = await PortalServer.StartAsync("Production", new Dictionary<string, string>
            {
                ["Portal__Admin__Email"] = AdminEmail,
                ["Portal__Admin__Password"] = PortalServer.Password,
                ["Portal__Audit__Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            }, workingDirectory: elsewhere);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.BaseUrl) };

            var login = await http.GetAsync("/account/login");
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.False(login.Headers.Contains("Server"));
            Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Contains("frame-ancestors 'none'", login.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminEmail, password = PortalServer.Password })).StatusCode);

            // appsettings.json (read from the app's folder, not the working directory) keeps SQL commands out of the log.
            Assert.DoesNotContain("Executed DbCommand", server.Output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(elsewhere, "appsettings.json")));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
