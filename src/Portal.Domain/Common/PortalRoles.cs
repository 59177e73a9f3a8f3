namespace ModelLifecycle.Domain.Common;

/// <summary>The four roles of the product, and the role sets that policies and pages use.</summary>
public static class PortalRoles
{
    public const string Viewer = "Viewer";
    public const string Engineer = "Engineer";
    public const string Approver = "Approver";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Engineer, Approver, Admin];

    /// <summary>Roles that may read (every signed-in role).</summary>
    public const string Readers = "Viewer,Engineer,Approver,Admin";

    /// <summary>Roles that may change the registry (Engineer and above).</summary>
    public const string Engineers = "Engineer,Approver,Admin";

    /// <summary>Roles that may decide promotion requests.</summary>
    public const string Approvers = "Approver,Admin";

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);

    /// <summary>Position in the ladder Viewer &lt; Engineer &lt; Approver &lt; Admin (-1 for an unknown role).</summary>
    public static int Rank(string role) => Array.IndexOf([Viewer, Engineer, Approver, Admin], role);

    /// <summary>True when someone holding <paramref name="held"/> may hand out <paramref name="role"/> (same rank or lower).</summary>
    public static bool Covers(IEnumerable<string> held, string role) => Rank(role) >= 0 && held.Any(h => Rank(h) >= Rank(role));
}
