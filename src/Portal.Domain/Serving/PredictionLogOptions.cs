namespace ModelLifecycle.Domain.Serving;

/// <summary>The prediction log's limits, bound from <c>Portal:Serving</c>.</summary>
public sealed class PredictionLogOptions
{
    public const string Section = "Portal:Serving";

    /// <summary>Records that may wait for the writer; beyond that a prediction still succeeds but its record is dropped and counted.</summary>
    public int LogQueueCapacity { get; set; } = 100_000;

    /// <summary>Records written per transaction.</summary>
    public int LogBatchSize { get; set; } = 1_000;

    /// <summary>Records older than this many days are deleted by the daily purge job.</summary>
    public int LogRetentionDays { get; set; } = 30;

    /// <summary>Attempts per batch before its records are counted as lost (not a configuration key: tests shorten it).</summary>
    internal int WriteAttempts { get; set; } = 8;

    /// <summary>First pause between attempts; it doubles after each failure, up to <see cref="MaxRetryDelay"/>.</summary>
    internal TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    internal static TimeSpan MaxRetryDelay => TimeSpan.FromSeconds(10);

    /// <summary>The first out-of-range setting, named by its key, or null when all are usable.</summary>
    public string? Problem() =>
        LogQueueCapacity < 1 ? $"{Section}:LogQueueCapacity must be at least 1 (was {LogQueueCapacity})."
        : LogBatchSize < 1 ? $"{Section}:LogBatchSize must be at least 1 (was {LogBatchSize})."
        : LogRetentionDays < 1 ? $"{Section}:LogRetentionDays must be at least 1 (was {LogRetentionDays})."
        : null;
}
