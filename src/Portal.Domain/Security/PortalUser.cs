using Microsoft.AspNetCore.Identity;

namespace ModelLifecycle.Domain.Security;

/// <summary>A person who signs in to the portal (ASP.NET Core Identity user).</summary>
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public DateTime CreatedAt { get; set; }
}
