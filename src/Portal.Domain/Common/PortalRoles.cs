namespace ModelLifecycle.Domain.Common;

/// <summary>
/// The roles of the product, and the role sets that policies and pages use. Four form a ladder (Viewer &lt; Engineer &lt;
/// Approver &lt; Admin), each including the rights of the ones below. <see cref="Scorer"/> stands beside the ladder:
/// a least-privilege role for machine clients that may predict and send feedback and nothing else (no reads of the
/// registry either), so it is not a reader and no ladder role's checks admit it.
/// </summary>
public static class PortalRoles
{
    public const string Viewer = "Viewer";
    public const string Engineer = "Engineer";
    public const string Approver = "Approver";
    public const string Admin = "Admin";

    /// <summary>Predict and feedback only.</summary>
    public const string Scorer = "Scorer";

    /// <summary>The ranked roles, lowest first.</summary>
    public static IReadOnlyList<string> Ladder { get; } = [Viewer, Engineer, Approver, Admin];

    /// <summary>Every role a user or an API key may hold: the ladder and <see cref="Scorer"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [Viewer, Engineer, Approver, Admin, Scorer];

    /// <summary>Roles that may read (every ladder role; not Scorer).</summary>
    public const string Readers = "Viewer,Engineer,Approver,Admin";

    /// <summary>Roles that may change the registry (Engineer and above).</summary>
    public const string Engineers = "Engineer,Approver,Admin";

    /// <summary>Roles that may decide promotion requests.</summary>
    public const string Approvers = "Approver,Admin";

    /// <summary>Roles that may predict and send feedback: Scorer, and Engineer and above (not Viewer).</summary>
    public const string Scorers = "Scorer,Engineer,Approver,Admin";

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);

    /// <summary>Position in the ladder Viewer &lt; Engineer &lt; Approver &lt; Admin (-1 for Scorer or an unknown role).</summary>
    public static int Rank(string role) => Array.IndexOf([Viewer, Engineer, Approver, Admin], role);

    /// <summary>
    /// True when someone holding <paramref name="held"/> may hand out <paramref name="role"/>: a ladder role at the same
    /// rank or lower; Scorer to whoever may predict themself (Scorer, or Engineer and above).
    /// </summary>
    public static bool Covers(IEnumerable<string> held, string role) =>
        role == Scorer
            ? held.Any(h => h == Scorer || Rank(h) >= Rank(Engineer))
            : Rank(role) >= 0 && held.Any(h => Rank(h) >= Rank(role));
}
