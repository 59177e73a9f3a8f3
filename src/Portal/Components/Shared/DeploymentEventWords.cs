namespace ModelLifecycle.Portal.Components.Shared;

/// <summary>
/// A deployment event's stored kind (<c>rolled_back</c>, <c>stepped_down</c>, ...) in the words the Deployments page
/// shows; the code stays on the row (<c>data-kind</c>) and in the API. Unknown kinds read as the code with spaces.
/// </summary>
public static class DeploymentEventWords
{
    public static string Of(string kind) => kind switch
    {
        "deployed" => "Deployed",
        "traffic_changed" => "Traffic changed",
        "advanced" => "Advanced a step",
        "rolled_back" => "Rolled back",
        "stepped_down" => "Stepped down",
        "breach_alert" => "Breach: waiting for a person",
        "alert_dismissed" => "Alert dismissed",
        "completed" => "Completed",
        "superseded" => "Superseded",
        "adopted" => "Adopted as stable",
        "cap_changed" => "Cap changed",
        "integrity_failed" => "Integrity check failed",
        "archived" => "Archived",
        _ => char.ToUpperInvariant(kind[0]) + kind[1..].Replace('_', ' '),
    };
}
