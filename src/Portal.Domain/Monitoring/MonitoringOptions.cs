namespace ModelLifecycle.Domain.Monitoring;

/// <summary>Configuration section <c>Portal:Monitoring</c>.</summary>
public sealed class MonitoringOptions
{
    /// <summary>Predictions read per query while a scan streams the log (keyset pages).</summary>
    public int ChunkSize { get; set; } = 10_000;

    /// <summary>A log or CSV reference beyond this many rows keeps its first rows (the reference is held in memory to be sketched).</summary>
    public int MaxReferenceRows { get; set; } = 1_000_000;

    /// <summary>Trials of the retraining job a trigger enqueues.</summary>
    public int RetrainTrials { get; set; } = 20;
}
