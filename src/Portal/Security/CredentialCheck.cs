using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Security;

namespace ModelLifecycle.Portal.Security;

/// <summary>
/// Whether a person's cookie, bearer token or refresh token still speaks for them: the user exists, the token's
/// security stamp is the user's current one (roles, disable and password reset renew it) and the user is neither
/// disabled nor locked out. Asked on every request, so taking rights away takes effect at once.
/// </summary>
public static class CredentialCheck
{
    public static async Task<PortalUser?> CurrentUserAsync(IServiceProvider services, ClaimsPrincipal? principal)
    {
        var userManager = services.GetRequiredService<UserManager<PortalUser>>();
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal?.FindFirstValue(stampClaim);
        if (id is null || stamp is null || await userManager.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        var current = await userManager.GetSecurityStampAsync(user);
        var clock = services.GetRequiredService<TimeProvider>();
        return string.Equals(current, stamp, StringComparison.Ordinal) && user.CanActAt(clock.GetUtcNow()) ? user : null;
    }

    public static async Task<bool> IsCurrentAsync(IServiceProvider services, ClaimsPrincipal? principal) =>
        await CurrentUserAsync(services, principal) is not null;
}
