namespace ModelLifecycle.Domain.Monitoring;

/// <summary>One live metric against the version's training value. <see cref="DropPoints"/>: see <see cref="PerformanceDriftResult"/>.</summary>
public sealed record MetricComparison(string Metric, double? Training, double Current, double? DropPoints);

/// <summary>
/// Performance drift of the current window's labelled predictions against the version's training metrics.
/// Binary classification and anomaly detection: accuracy and F1 (positive class 1), drop in percentage points
/// (training − live) × 100. Regression: MAE, drop as the percent by which the live MAE exceeds the training MAE
/// (the error grew by that many percent). <see cref="DropPoints"/> is the largest drop; <see cref="Dropped"/> when it
/// reaches the model's threshold. Without enough labels (the drift minimum sample size) no metric is given.
/// </summary>
public sealed record PerformanceDriftResult(
    string Task,
    long Labelled,
    IReadOnlyList<MetricComparison> Metrics,
    double? DropPoints,
    double Threshold,
    bool Dropped,
    string Detail);
