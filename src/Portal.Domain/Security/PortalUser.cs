using Microsoft.AspNetCore.Identity;

namespace ModelLifecycle.Domain.Security;

/// <summary>A person who signs in to the portal (ASP.NET Core Identity user).</summary>
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>Set by an Admin: the user can neither sign in nor act through tokens or keys until re-enabled (unlike a lockout, it never ends by itself).</summary>
    public DateTime? DisabledAt { get; set; }

    /// <summary>Whether the user's credentials (cookie, bearer token, API keys) may act now: not disabled and not locked out.</summary>
    public bool CanActAt(DateTimeOffset now) => DisabledAt is null && !(LockoutEnd is { } end && end > now);
}
