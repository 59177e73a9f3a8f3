using System.Text.Json;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>An alert as the API and the pages show it; <see cref="Link"/> is the portal page of its source.</summary>
public sealed record AlertView(
    Guid Id,
    string Model,
    string? Version,
    AlertKind Kind,
    AlertSeverity Severity,
    string Title,
    JsonElement? Evidence,
    string? SourceType,
    string? SourceId,
    string? Link,
    DateTime RaisedAt,
    bool Open,
    DateTime? AcknowledgedAt,
    string? AcknowledgedBy,
    string? AcknowledgementNote)
{
    public static AlertView From(Alert a) => new(
        a.Id, a.ModelName, a.Version, a.Kind, a.Severity, a.Title,
        a.Evidence is null ? null : JsonDocument.Parse(a.Evidence).RootElement.Clone(),
        a.SourceType, a.SourceId, LinkOf(a.ModelName, a.SourceType), a.RaisedAt, a.IsOpen, a.AcknowledgedAt, a.AcknowledgedBy, a.AcknowledgementNote);

    /// <summary>The page a person opens to see what raised the alert.</summary>
    public static string LinkOf(string model, string? sourceType) => sourceType switch
    {
        AlertSources.DriftReport => $"/models/{Uri.EscapeDataString(model)}/drift",
        AlertSources.Deployment => $"/models/{Uri.EscapeDataString(model)}/deployments",
        _ => $"/models/{Uri.EscapeDataString(model)}",
    };
}

/// <summary>One webhook delivery of an alert: attempts, the last answer, and when it arrived.</summary>
public sealed record AlertDeliveryView(Guid Id, string Url, DeliveryStatus Status, int Attempts, DateTime? LastAttemptAt, int? LastStatusCode, string? LastError, DateTime? NextAttemptAt, DateTime? DeliveredAt)
{
    public static AlertDeliveryView From(AlertDelivery d) => new(d.Id, d.Url, d.Status, d.Attempts, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.NextAttemptAt, d.DeliveredAt);
}

/// <summary>An alert with its webhook deliveries.</summary>
public sealed record AlertDetail(AlertView Alert, IReadOnlyList<AlertDeliveryView> Deliveries);

/// <summary>Filters of the alert list; <see cref="Status"/> is "open" (default) or "all".</summary>
public sealed record AlertFilter(string? Model = null, string? Status = null, string? Kind = null, string? Severity = null);

/// <summary>The body of <c>POST /api/v1/alerts/{id}/acknowledge</c>.</summary>
public sealed record AcknowledgeAlert(string? Note);

/// <summary>
/// The body of <c>PUT /api/v1/models/{name}/webhook</c>: an http(s) URL and an optional signing secret. An empty secret
/// removes a stored one unless <see cref="KeepSecret"/> is true (change the URL and keep signing with the secret that is
/// never shown back).
/// </summary>
public sealed record WebhookInput(string? Url, string? Secret, bool? KeepSecret = null);

/// <summary>One delivery of one of the model's alerts, for the model's webhook screen (newest first).</summary>
public sealed record WebhookDeliveryView(
    Guid Id, Guid AlertId, string AlertTitle, string Url, DeliveryStatus Status, int Attempts, DateTime CreatedAt,
    DateTime? LastAttemptAt, int? LastStatusCode, string? LastError, DateTime? NextAttemptAt, DateTime? DeliveredAt);

/// <summary>What one test POST to a model's webhook got back (nothing is stored or retried).</summary>
public sealed record WebhookTestResult(bool Delivered, int? StatusCode, string? Error, DateTime At);

/// <summary>A model's webhook as shown: the URL and whether a secret is set (the secret itself is never returned).</summary>
public sealed record WebhookView(string Model, string Url, bool HasSecret, DateTime UpdatedAt, string UpdatedBy);

/// <summary>The source types alerts point at.</summary>
public static class AlertSources
{
    public const string DriftReport = "drift-report";
    public const string Deployment = "deployment";
}
