namespace ModelLifecycle.Domain.Monitoring;

/// <summary>What a drift scan compares the current window with.</summary>
public enum ScanReference
{
    /// <summary>
    /// The documented order: the version's training dataset when its lineage names one, else the log window, else the
    /// model's uploaded reference CSV.
    /// </summary>
    Auto,

    /// <summary>The version's training dataset (from its lineage).</summary>
    Dataset,

    /// <summary>The first <see cref="MonitoringSettings.ReferenceDays"/> days of the version's logged predictions.</summary>
    Log,

    /// <summary>The reference CSV uploaded for the model's scans (<see cref="MonitoringReference"/>).</summary>
    Csv,
}
