using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>What raised an alert.</summary>
public enum AlertKind
{
    /// <summary>A drift report (uploaded or scheduled scan) found features with high or critical drift.</summary>
    FeatureDrift,

    /// <summary>A drift report's dataset verdict: the share of drifted features crossed the model's threshold.</summary>
    DatasetDrift,

    /// <summary>The live accuracy/F1 (or MAE) of a version fell beyond the model's performance threshold.</summary>
    PerformanceDrop,

    /// <summary>A deployment's health breached its rollback policy in manual mode and waits for a person.</summary>
    RollbackBreach,

    /// <summary>A retraining trigger fired, or stored its intent because it could not enqueue the job.</summary>
    RetrainTrigger,
}

/// <summary>How urgent an alert is (the words a manager reads on the dashboard).</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    High,
    Critical,
}

/// <summary>
/// Something a person should look at: raised by the system (drift scans, health evaluation, triggers) through
/// <see cref="AlertLedger.Raise"/> in the same unit of work as the finding, acknowledged by a person with a note.
/// </summary>
public sealed class Alert
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    /// <summary>The version the finding is about, when there is one.</summary>
    public string? Version { get; set; }

    public AlertKind Kind { get; set; }

    public AlertSeverity Severity { get; set; }

    /// <summary>One sentence a manager understands, e.g. "credit-risk 1.2.0: critical drift in 3 of 10 features".</summary>
    public required string Title { get; set; }

    /// <summary>The numbers behind the finding (JSON), shown in the details and sent with webhooks.</summary>
    public string? Evidence { get; set; }

    /// <summary>What the alert points at: "drift-report", "deployment", "training-run", ... (null when nothing).</summary>
    public string? SourceType { get; set; }

    /// <summary>The id of the source (report id, deployment id, job id).</summary>
    public string? SourceId { get; set; }

    public DateTime RaisedAt { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public string? AcknowledgementNote { get; set; }

    public bool IsOpen => AcknowledgedAt is null;

    /// <summary>
    /// Closes the alert for a person with their note; an alert is acknowledged once (a second time is a conflict that
    /// names who did it and when).
    /// </summary>
    public void Acknowledge(string by, string note, DateTime now)
    {
        if (AcknowledgedAt is { } at)
        {
            throw DomainException.Conflict($"This alert was already acknowledged by {AcknowledgedBy} at {at:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
        }

        AcknowledgedAt = now;
        AcknowledgedBy = by;
        AcknowledgementNote = note;
    }
}
