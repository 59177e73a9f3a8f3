using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Security;

namespace ModelLifecycle.Portal.Security;

/// <summary>
/// Authenticates machine clients by the <c>X-Api-Key</c> header. The principal is the key's owner acting through the
/// key ("owner via key name"), with the key's role; the key service refuses it when the owner lost that right.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>Claim naming the key a principal acts through (absent for people signed in themselves).</summary>
    public const string KeyClaim = "ml:api_key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var presented))
        {
            return AuthenticateResult.NoResult();
        }

        var identity = await keys.ValidateAsync(presented.ToString(), Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key, or its owner no longer holds its role.");
        }

        var claims = new[]
        {
            new Claim(ClaimTypes.NameIdentifier, identity.OwnerId),
            new Claim(ClaimTypes.Name, $"{identity.OwnerName} via key {identity.Name}"),
            new Claim(ClaimTypes.Role, identity.Role),
            new Claim(KeyClaim, identity.Name),
        };
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
