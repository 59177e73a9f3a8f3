using System.Security.Claims;
using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Portal.Security;

/// <summary>Turns an authenticated principal (cookie, bearer token or API key) into the engine's <see cref="Actor"/>.</summary>
public static class ActorFactory
{
    public static Actor From(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw DomainException.Forbidden("Sign in first.");
        var name = user.FindFirstValue(ClaimTypes.Name) ?? user.FindFirstValue(ClaimTypes.Email) ?? id;
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Actor(id, name, roles) { KeyName = user.FindFirstValue(ApiKeyAuthenticationHandler.KeyClaim) };
    }
}
