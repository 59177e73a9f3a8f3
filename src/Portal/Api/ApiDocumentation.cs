using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

/// <summary>
/// One place that gives every operation of the REST API its summary and the problem statuses it can answer, so the
/// reference page shows them for all operations (a test fails when an operation is added without a summary).
/// The statuses follow from what the endpoint is: any secured endpoint can answer 401 and 403, a route with a
/// parameter 404, a write 400 and 409, a scoring call 503.
/// </summary>
public static class ApiDocumentation
{
    private static readonly Dictionary<string, string> Summaries = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/auth/login"] = "Sign in with email and password; answers a bearer token",
        ["POST /api/v1/auth/refresh"] = "Exchange a still-valid bearer token for a fresh one",

        ["GET /api/v1/models"] = "List models (filter by search text, task, stage, tag; sort by name, created or versions, '-' for descending)",
        ["GET /api/v1/model-tags"] = "Every tag in use",
        ["POST /api/v1/models"] = "Register a model (name, task, features, tags, metric gate)",
        ["GET /api/v1/models/{name}"] = "A model's summary: task, features, gate, version count, latest and Production version",
        ["PUT /api/v1/models/{name}"] = "Replace a model's description, tags and metric gate (audited)",
        ["GET /api/v1/models/{name}/versions"] = "A model's versions, newest first, paged",
        ["POST /api/v1/models/{name}/versions"] = "Upload a version: multipart 'artifact' (.zip or .onnx) and 'metadata' JSON",
        ["GET /api/v1/models/{name}/versions/{version}"] = "One version with metrics, hyperparameters and lineage",
        ["GET /api/v1/models/{name}/versions/{version}/artifact"] = "Download a version's artifact (hash checked while streaming)",
        ["POST /api/v1/models/{name}/versions/{version}/stage"] = "Move a version to Staging or Archived (Production needs an approved request)",
        ["GET /api/v1/models/{name}/stage-history"] = "The stage moves of a model's versions, newest first (paged: page, pageSize → total)",
        ["GET /api/v1/models/{name}/compare"] = "Compare versions side by side (metrics and hyperparameters)",

        ["POST /api/v1/models/{name}/versions/{version}/promotions"] = "Request a promotion to Staging or Production with a justification",
        ["GET /api/v1/models/{name}/approval-policy"] = "Whether a failed metric gate or critical drift blocks approval",
        ["PUT /api/v1/models/{name}/approval-policy"] = "Make the metric gate or critical drift blocking (Admins)",
        ["GET /api/v1/promotions"] = "Promotion requests, newest first, paged (filter by status and model)",
        ["GET /api/v1/promotions/{id:guid}"] = "A request with its checklist evaluated now and whether you may decide it",
        ["POST /api/v1/promotions/{id:guid}/approve"] = "Approve a request with a reason (Approvers; never your own)",
        ["POST /api/v1/promotions/{id:guid}/reject"] = "Reject a request with a reason (Approvers; never your own)",

        ["GET /api/v1/audit"] = "Audit events, newest first, paged (filter by entity, actor, action, time)",
        ["GET /api/v1/audit/verify"] = "Verify the hash chain, its signed head and the latest checkpoint",
        ["GET /api/v1/audit/export"] = "Export audit events as CSV (verifiable offline)",

        ["GET /api/v1/alerts"] = "Alerts, newest first, paged (filter by model, status open|acknowledged|all, kind, severity; open by default)",
        ["GET /api/v1/alerts/{id:guid}"] = "One alert with its evidence and webhook deliveries",
        ["POST /api/v1/alerts/{id:guid}/acknowledge"] = "Acknowledge an open alert with a note (Engineers, Approvers, Admins; signed in as a person)",
        ["GET /api/v1/models/{name}/webhook"] = "A model's alert webhook URL and whether a signing secret is set (never the secret)",
        ["PUT /api/v1/models/{name}/webhook"] = "Set a model's alert webhook: http(s) URL and optional HMAC-SHA256 secret (audited)",
        ["DELETE /api/v1/models/{name}/webhook"] = "Remove a model's alert webhook (audited)",
        ["GET /api/v1/models/{name}/webhook/deliveries"] = "The newest deliveries of a model's alerts to its webhook (status, attempts, next retry)",
        ["POST /api/v1/models/{name}/webhook/test"] = "Send one signed test alert to the model's webhook now and answer what it replied (not stored, not retried)",

        ["POST /api/v1/drift/compute"] = "Compute drift between two JSON windows (nothing stored)",
        ["GET /api/v1/drift/reports/{id:guid}"] = "A stored drift report",
        ["GET /api/v1/drift/reports/{id:guid}/distributions"] = "The distributions behind a report's charts",
        ["GET /api/v1/models/{name}/drift"] = "A model's drift reports, newest first, paged",
        ["POST /api/v1/models/{name}/drift"] = "Analyse and store drift: multipart 'reference' and 'current' CSV windows",
        ["GET /api/v1/models/{name}/drift/thresholds"] = "A model's drift thresholds",
        ["PUT /api/v1/models/{name}/drift/thresholds"] = "Change a model's drift thresholds (audited)",

        ["GET /api/v1/models/{name}/datasets"] = "A model's dataset versions, newest first, paged",
        ["POST /api/v1/models/{name}/datasets"] = "Upload a dataset version: multipart CSV in 'file' with the features and 'label'",
        ["GET /api/v1/models/{name}/datasets/{version:int}"] = "A dataset version with row count, per-feature summary and label balance",
        ["GET /api/v1/models/{name}/datasets/{version:int}/file"] = "Download a dataset version's CSV (hash checked)",

        ["POST /api/v1/models/{name}/retrain"] = "Launch a retraining job on a dataset version; answers the job id",
        ["GET /api/v1/models/{name}/retrain-schedule"] = "A model's retraining schedule (204 when none)",
        ["PUT /api/v1/models/{name}/retrain-schedule"] = "Set or remove (blank cron) a model's retraining schedule",
        ["GET /api/v1/jobs"] = "Retraining runs, newest first, paged (filter by model and state)",
        ["GET /api/v1/jobs/{id:guid}"] = "A run's state, progress, trials and resulting version",
        ["POST /api/v1/jobs/{id:guid}/cancel"] = "Cancel a run (it stops between trials)",

        ["GET /api/v1/models/{name}/monitoring"] = "A model's monitoring: scan schedule, reference, windows, retraining trigger rule and cooldown",
        ["PUT /api/v1/models/{name}/monitoring"] = "Set the scan schedule (blank cron removes it), reference, windows and trigger rule",
        ["POST /api/v1/models/{name}/monitoring/scan"] = "Scan the serving version's prediction log now; stores a drift report (409 when there is nothing to compare)",
        ["GET /api/v1/models/{name}/monitoring/scans"] = "A model's scan reports, newest first, paged",
        ["GET /api/v1/models/{name}/monitoring/reference"] = "The uploaded reference CSV of a model's scans (name, SHA-256, rows), 404 when none",
        ["PUT /api/v1/models/{name}/monitoring/reference"] = "Upload or replace the reference CSV scans fall back to: multipart 'file', drift CSV rules (audited)",
        ["DELETE /api/v1/models/{name}/monitoring/reference"] = "Remove the uploaded reference CSV of a model's scans (audited)",
        ["GET /api/v1/models/{name}/monitoring/triggers"] = "The retraining trigger's history (fired, intent), newest first",

        ["POST /api/v1/models/{name}/deployments"] = "Deploy a candidate: canary, shadow, blue-green or full",
        ["GET /api/v1/models/{name}/deployments"] = "A model's deployment history with each rollout's events, paged",
        ["GET /api/v1/models/{name}/deployment"] = "What a model serves now: split, strategy, candidate, stable version, status, health",
        ["PUT /api/v1/models/{name}/traffic"] = "Set the traffic split (sums to 100; concurrency stamp, 409 for the loser)",
        ["POST /api/v1/models/{name}/deployment/advance"] = "Advance the canary to its next step",
        ["POST /api/v1/models/{name}/rollback"] = "Roll back to the stable version with a reason",
        ["POST /api/v1/models/{name}/deployment/alerts/{alertId:guid}/dismiss"] = "Dismiss a manual-mode health alert with a reason",
        ["PUT /api/v1/models/{name}/deployment/cap"] = "Change the cap for versions not in Production (Admins)",
        ["GET /api/v1/deployments"] = "What every deployed model serves",
        ["GET /api/v1/deployments/alerts"] = "Open deployment health alerts",

        ["POST /api/v1/models/{name}/abtests"] = "Start an A/B test: versionA, versionB, percentB, metric, minSamplesPerArm, alpha",
        ["GET /api/v1/models/{name}/abtests"] = "A model's A/B tests, newest first",
        ["GET /api/v1/abtests/{id:guid}"] = "An A/B test: status, arms, difference B - A, p-value, CI, winner",
        ["GET /api/v1/abtests/{id:guid}/history"] = "Each arm's cumulative metric with its interval over time (chart data)",
        ["POST /api/v1/abtests/{id:guid}/stop"] = "Stop an A/B test (numbers frozen); optionally file the winner's promotion request",

        ["POST /api/v1/models/{name}/predict"] = "Score one row, routed by key; answers prediction, score, version and latency",
        ["POST /api/v1/models/{name}/predict/batch"] = "Score up to 1,000 rows in one call",
        ["POST /api/v1/predictions/{id:guid}/feedback"] = "Attach the ground-truth label to a logged prediction",
        ["GET /api/v1/cache/stats"] = "Model cache statistics: hits, misses, loads, evictions, bytes",
        ["POST /api/v1/cache/clear"] = "Empty the model cache",
        ["POST /api/v1/cache/preload"] = "Load every deployed version into the cache",

        ["GET /api/v1/admin/users"] = "Users with their roles and state (Admins)",
        ["POST /api/v1/admin/users"] = "Create a user (Admins)",
        ["PUT /api/v1/admin/users/{id}/roles"] = "Replace a user's roles (Admins)",
        ["POST /api/v1/admin/users/{id}/disable"] = "Disable a user: every credential refused at once (Admins)",
        ["POST /api/v1/admin/users/{id}/enable"] = "Enable a disabled user (Admins)",
        ["POST /api/v1/admin/users/{id}/unlock"] = "Lift a sign-in lockout (Admins)",
        ["POST /api/v1/admin/users/{id}/reset-password"] = "Set a new password for a user (Admins)",
        ["GET /api/v1/admin/api-keys"] = "API keys with owner, role and state (Admins)",
        ["POST /api/v1/admin/api-keys"] = "Create an API key for a user; the secret is shown once (Admins)",
        ["DELETE /api/v1/admin/api-keys/{id:guid}"] = "Revoke an API key (Admins)",
    };

    /// <summary>Operations without a summary here (a test keeps this empty).</summary>
    public static List<string> Missing { get; } = [];

    /// <summary>Applies the summaries and problem statuses to every endpoint mapped under <paramref name="api"/>.</summary>
    public static void Describe(IEndpointConventionBuilder api) => api.Finally(endpoint =>
    {
        if (endpoint is not RouteEndpointBuilder route)
        {
            return;
        }

        var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().FirstOrDefault()?.HttpMethods ?? [];
        var method = methods.FirstOrDefault() ?? "GET";
        // Groups mapped with "" leave a trailing slash in the raw text ("/api/v1/models/"): the key drops it.
        var key = $"{method} {(route.RoutePattern.RawText ?? "").Replace("//", "/", StringComparison.Ordinal).TrimEnd('/')}";
        if (!endpoint.Metadata.OfType<IEndpointSummaryMetadata>().Any())
        {
            if (Summaries.TryGetValue(key, out var summary))
            {
                endpoint.Metadata.Add(new EndpointSummaryAttribute(summary));
            }
            else
            {
                lock (Missing)
                {
                    Missing.Add(key);
                }
            }
        }

        var statuses = new SortedSet<int>();
        var write = method is "POST" or "PUT" or "DELETE" or "PATCH";
        if (write)
        {
            statuses.Add(StatusCodes.Status400BadRequest);
            statuses.Add(StatusCodes.Status409Conflict);
        }

        if (endpoint.Metadata.OfType<IAuthorizeData>().Any())
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
            statuses.Add(StatusCodes.Status403Forbidden);
        }

        if (route.RoutePattern.Parameters.Count > 0)
        {
            statuses.Add(StatusCodes.Status404NotFound);
        }

        if (key.Contains("/predict", StringComparison.Ordinal))
        {
            statuses.Add(StatusCodes.Status503ServiceUnavailable);
        }

        if (key.StartsWith("POST /api/v1/auth/", StringComparison.Ordinal))
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
            statuses.Add(StatusCodes.Status429TooManyRequests);
        }

        var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
        foreach (var status in statuses.Where(s => !declared.Contains(s)))
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }
    });
}
