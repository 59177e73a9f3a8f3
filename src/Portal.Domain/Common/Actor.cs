namespace ModelLifecycle.Domain.Common;

/// <summary>
/// Who performs a change: a signed-in person, or a person's API key, with the roles it holds. For a key,
/// <see cref="Id"/> is the owner's user id (four eyes compares people, not credentials) and <see cref="KeyName"/> names the key.
/// </summary>
public sealed record Actor(string Id, string Name, IReadOnlySet<string> Roles)
{
    /// <summary>The API key this actor acts through, or null for a person signed in themself.</summary>
    public string? KeyName { get; init; }

    /// <summary>A person in front of the portal or API, not a machine credential.</summary>
    public bool IsPerson => KeyName is null;

    public static Actor System { get; } = new("system", "system", new HashSet<string> { PortalRoles.Admin });

    public bool IsIn(string role) => Roles.Contains(role) || Roles.Contains(PortalRoles.Admin);

    public bool CanEngineer => IsIn(PortalRoles.Engineer) || IsIn(PortalRoles.Approver);

    public bool CanApprove => IsIn(PortalRoles.Approver);

    /// <summary>Decisions (approve, reject) are a person's: a key acting for its owner may not take them.</summary>
    public void RequirePerson(string what)
    {
        if (!IsPerson)
        {
            throw DomainException.Forbidden($"API keys cannot {what}; a person must do it signed in as themself.");
        }
    }
}
