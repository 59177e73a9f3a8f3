using System.Net;
using System.Net.Http.Json;

namespace ModelLifecycle.Tests.Unit.Integration;

public sealed class LoginRateLimitFixture : IDisposable
{
    public PortalApp App { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Portal:Security:LoginPermitsPerMinute"] = "6",
            ["Portal:Security:LoginPermitsPerAccountPerMinute"] = "2",
        },
    };

    public void Dispose() => App.DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>Sign-in attempts are limited per account and per client: 429 with Retry-After.</summary>
public sealed class LoginRateLimitTests(LoginRateLimitFixture fixture) : IClassFixture<LoginRateLimitFixture>
{
    [Fact]
    public async Task Sign_in_attempts_beyond_the_limits_get_429_with_retry_after()
    {
        using var client = fixture.App.CreateClient();
        var account = $"victim{Guid.NewGuid():N}@it.test";
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = account, password = "guess-number-1" })).StatusCode);
        }

        var perAccount = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = account.ToUpperInvariant(), password = "guess-number-1" });
        Assert.Equal(HttpStatusCode.TooManyRequests, perAccount.StatusCode);
        Assert.True(perAccount.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Spreading guesses over many accounts hits the per-client limit (6 a minute, 3 used above).
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/auth/login", new { email = $"other{i}{Guid.NewGuid():N}@it.test", password = "guess-number-1" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);

        // The login page's form post shares the limits with the API.
        var form = await client.GetStringAsync("/account/login");
        var antiforgery = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var page = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = antiforgery,
            ["Input.Email"] = PortalApp.AdminEmail,
            ["Input.Password"] = PortalApp.Password,
        }));
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.True(page.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many sign-in attempts", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
