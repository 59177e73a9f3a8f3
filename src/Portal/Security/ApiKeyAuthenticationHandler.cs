using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Security;

namespace ModelLifecycle.Portal.Security;

/// <summary>Authenticates machine clients by the <c>X-Api-Key</c> header; the key's role becomes the principal's role.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var presented))
        {
            return AuthenticateResult.NoResult();
        }

        var identity = await keys.ValidateAsync(presented.ToString(), Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var claims = new[]
        {
            new Claim(ClaimTypes.NameIdentifier, $"apikey:{identity.Id}"),
            new Claim(ClaimTypes.Name, $"apikey:{identity.Name}"),
            new Claim(ClaimTypes.Role, identity.Role),
        };
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
