namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>Values left out of every statistic: NaN/±∞ for numeric features, null or empty strings for categorical.</summary>
public sealed record MissingCounts(long Reference, long Current);
