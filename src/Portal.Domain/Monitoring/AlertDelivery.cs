namespace ModelLifecycle.Domain.Monitoring;

/// <summary>Where a webhook delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for its next attempt (<see cref="AlertDelivery.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed; no more are made.</summary>
    Failed,
}

/// <summary>
/// The outbox row of one webhook POST of an alert: written with the alert in the same unit of work (so an alert whose
/// model has a webhook is never lost between commit and send), then worked off by <see cref="AlertWebhookSender"/>
/// with exponential backoff. It stays as the delivery record shown on the alert's detail.
/// </summary>
public sealed class AlertDelivery
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid AlertId { get; set; }

    /// <summary>The URL at the time the alert was raised (a later change of the model's webhook does not redirect it).</summary>
    public required string Url { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the next attempt is due; null once delivered or given up.</summary>
    public DateTime? NextAttemptAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    /// <summary>The HTTP status of the last attempt, null when it got no answer (refused, timeout).</summary>
    public int? LastStatusCode { get; set; }

    /// <summary>Why the last attempt failed, in one line (never the receiver's body).</summary>
    public string? LastError { get; set; }

    public DateTime? DeliveredAt { get; set; }
}
