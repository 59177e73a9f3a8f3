using System.Text.Json;
using System.Text.RegularExpressions;
using ModelLifecycle.Domain.Audit;

namespace ModelLifecycle.Portal.Components.Shared;

/// <summary>
/// An audit event as a sentence a manager reads at a glance ("engineer moved credit-risk@1.1.0 to Staging"); the raw
/// action code stays available beside it (the audit log, a tooltip). Unknown actions fall back to code and subject.
/// </summary>
public static partial class AuditSentence
{
    [GeneratedRegex(@"@[^\s@]+")]
    private static partial Regex EmailDomain();

    public static string Describe(AuditEvent e)
    {
        var who = EmailDomain().Replace(e.Actor, "");
        var subject = AuditSubject.Describe(e);
        var what = e.Action switch
        {
            "model.created" => $"registered the model {e.EntityId}",
            "version.registered" => $"registered {subject}",
            "version.stage_changed" => $"moved {e.EntityId} to {Text(e.After, "stage") ?? "another stage"}",
            "promotion.requested" => $"requested {subject}",
            "promotion.approved" => $"approved {subject}",
            "promotion.rejected" => $"rejected {subject}",
            "promotion.expired" => $"let {subject} expire (no decision in time)",
            "promotion.cancelled" => $"cancelled the request {subject} (its version moved)",
            "dataset.uploaded" => $"uploaded the dataset {e.EntityId}",
            "drift.report_stored" => $"ran a drift check on {subject}",
            "drift.thresholds_changed" => $"changed the drift thresholds of {subject}",
            "model.approval_policy_changed" => $"changed the approval policy of {subject}",
            "artifact.integrity_failed" => $"found {subject}'s artifact altered and marked it unhealthy",
            "apikey.created" => $"created the API key {Text(e.After, "name") ?? subject}",
            "apikey.revoked" => $"revoked the API key {Text(e.After, "name") ?? subject}",
            "user.created" => $"created the user {e.EntityId}",
            "user.roles_changed" => $"changed the roles of {e.EntityId}",
            "deployment.deployed" => $"deployed a new rollout of {e.EntityId}",
            "deployment.traffic_changed" => $"changed the traffic split of {e.EntityId}",
            "deployment.rolled_back" => $"rolled back {e.EntityId} to its stable version",
            "deployment.stepped_down" => $"stepped down the canary of {e.EntityId}",
            "deployment.completed" => $"completed the rollout of {e.EntityId}",
            "deployment.cap_changed" => $"changed the canary cap of {e.EntityId}",
            "deployment.advanced" => $"advanced the canary of {e.EntityId} a step",
            "deployment.breach_alert" => $"flagged a health breach of {e.EntityId} for a person to decide",
            "deployment.alert_dismissed" => $"dismissed a health alert of {e.EntityId}",
            "deployment.adopted" => $"adopted the Production version of {e.EntityId} as its stable version",
            "deployment.archived" => $"moved the traffic of an archived version of {e.EntityId} to its stable version",
            "deployment.integrity_failed" => $"moved the traffic of an altered version of {e.EntityId} to its stable version",
            "alert.raised" => $"raised an alert: {Text(e.After, "title") ?? subject}",
            var a when a.StartsWith("deployment.", StringComparison.Ordinal) => $"{DeploymentEventWords.Of(a["deployment.".Length..]).ToLowerInvariant()} ({e.EntityId})",
            _ => $"{e.Action} {subject}",
        };
        return $"{who} {what}";
    }

    private static string? Text(string? snapshot, string name)
    {
        if (string.IsNullOrEmpty(snapshot) || snapshot[0] != '{')
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(snapshot);
            return doc.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
