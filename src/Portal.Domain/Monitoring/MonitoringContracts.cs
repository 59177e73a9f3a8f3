namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// What <c>PUT /api/v1/models/{name}/monitoring</c> takes. A field left out keeps its current value (or the default);
/// a blank <see cref="Cron"/> removes the scheduled scan.
/// </summary>
public sealed record MonitoringSettingsInput(
    string? Cron = null,
    string? Reference = null,
    int? ReferenceDays = null,
    int? CurrentHours = null,
    bool? RetrainTrigger = null,
    bool? TriggerOnDatasetDrift = null,
    double? TriggerDriftShare = null,
    double? PerformanceDropPoints = null,
    int? CooldownHours = null);

/// <summary>A model's monitoring settings as the API and the Monitoring tab show them.</summary>
public sealed record MonitoringSettingsView(
    string Model,
    string? Cron,
    string Reference,
    int ReferenceDays,
    int CurrentHours,
    bool RetrainTrigger,
    bool TriggerOnDatasetDrift,
    double TriggerDriftShare,
    double PerformanceDropPoints,
    int CooldownHours,
    DateTime? LastTriggeredAt,
    string? SetBy,
    DateTime? SetAt)
{
    public static MonitoringSettingsView From(MonitoringSettings s, bool stored = true) => new(
        s.ModelName, s.Cron, s.Reference.ToString().ToLowerInvariant(), s.ReferenceDays, s.CurrentHours, s.TriggerEnabled,
        s.TriggerOnDatasetDrift, s.TriggerDriftShare, s.PerformanceDropPoints, s.CooldownHours, s.LastTriggeredAt,
        stored ? s.SetBy : null, stored ? s.SetAt : null);
}

/// <summary>What the retraining trigger did on one scan.</summary>
public enum TriggerOutcome
{
    /// <summary>The rule is off, or nothing it watches crossed its threshold.</summary>
    NotTriggered,

    /// <summary>The rule held and a retraining job was queued.</summary>
    Fired,

    /// <summary>The rule held but no job could be queued (no dataset, or the launch was refused): stored as an alert.</summary>
    Intent,

    /// <summary>The rule held within the cooldown of the last firing: nothing queued (audited).</summary>
    Suppressed,
}

/// <summary>The outcome of one scan: the stored report, the alerts it raised and what the trigger did.</summary>
public sealed record ScanResult(
    Drift.DriftReportView Report,
    IReadOnlyList<string> Alerts,
    TriggerOutcome Trigger,
    string TriggerDetail,
    Guid? RetrainJobId);

/// <summary>One line of a model's trigger history (its RetrainTrigger alerts).</summary>
public sealed record TriggerHistoryItem(Guid AlertId, DateTime RaisedAt, string? Version, string Title, string? SourceType, string? SourceId, bool Open);
