namespace ModelLifecycle.Portal.Components.Layout;

/// <summary>
/// Which navigation entry a page belongs to. Most pages live under their section's path; a model's Drift and
/// Deployments pages live under <c>/models/{name}/...</c> but belong to the Drift and Deployments sections, so the
/// menu highlights those rather than Models.
/// </summary>
public static class NavSection
{
    private static readonly HashSet<string> ModelSubSections = new(StringComparer.OrdinalIgnoreCase) { "drift", "deployments", "abtests" };

    /// <summary>The section ("models", "drift", "deployments", "" for the dashboard, ...) of an app-relative path.</summary>
    public static string Of(string relativePath)
    {
        var path = relativePath.Split('?', '#')[0].Trim('/');
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return "";
        }

        return segments.Length >= 3 && segments[0].Equals("models", StringComparison.OrdinalIgnoreCase) && ModelSubSections.Contains(segments[2])
            ? segments[2].ToLowerInvariant()
            : segments[0].ToLowerInvariant();
    }
}
