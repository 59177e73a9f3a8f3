namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// A model's live-traffic monitoring: when its drift scan runs (cron, UTC), what it compares, and the retraining
/// trigger rule with its cooldown. One row per model; stored here (not only in Hangfire) so in-memory job storage can
/// register the scan again at every start.
/// </summary>
public sealed class MonitoringSettings
{
    public const int DefaultCurrentHours = 24;
    public const int DefaultReferenceDays = 7;
    public const double DefaultTriggerDriftShare = 0.3;
    public const double DefaultPerformanceDropPoints = 5;
    public const int DefaultCooldownHours = 24;

    /// <summary>One row per model.</summary>
    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    /// <summary>Standard five-field cron (UTC); null: no scheduled scan (scans run only on demand).</summary>
    public string? Cron { get; set; }

    public ScanReference Reference { get; set; } = ScanReference.Auto;

    /// <summary>The log reference window: the first N days of the version's predictions.</summary>
    public int ReferenceDays { get; set; } = DefaultReferenceDays;

    /// <summary>The current window: the last N hours of the version's predictions.</summary>
    public int CurrentHours { get; set; } = DefaultCurrentHours;

    public bool TriggerEnabled { get; set; }

    public bool TriggerOnDatasetDrift { get; set; } = true;

    /// <summary>The trigger fires when drifted / evaluated features ≥ this share (0–1).</summary>
    public double TriggerDriftShare { get; set; } = DefaultTriggerDriftShare;

    /// <summary>A performance drop of at least this many points raises an alert and (when enabled) fires the trigger.</summary>
    public double PerformanceDropPoints { get; set; } = DefaultPerformanceDropPoints;

    public int CooldownHours { get; set; } = DefaultCooldownHours;

    public DateTime? LastTriggeredAt { get; set; }

    public required string SetBy { get; set; }

    public required string SetById { get; set; }

    public DateTime SetAt { get; set; }

    /// <summary>Two scans finishing at once cannot both claim the trigger's cooldown.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
