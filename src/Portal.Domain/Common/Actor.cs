namespace ModelLifecycle.Domain.Common;

/// <summary>Who performs a change: a signed-in person or an API key, with the roles it holds.</summary>
public sealed record Actor(string Id, string Name, IReadOnlySet<string> Roles)
{
    public static Actor System { get; } = new("system", "system", new HashSet<string> { PortalRoles.Admin });

    public bool IsIn(string role) => Roles.Contains(role) || Roles.Contains(PortalRoles.Admin);

    public bool CanEngineer => IsIn(PortalRoles.Engineer) || IsIn(PortalRoles.Approver);

    public bool CanApprove => IsIn(PortalRoles.Approver);
}
