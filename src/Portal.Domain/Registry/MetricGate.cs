namespace ModelLifecycle.Domain.Registry;

/// <summary>
/// The metric a candidate must reach to pass the promotion checklist, e.g. auc ≥ 0.85.
/// For error metrics (rmse, mae, logLoss) set <see cref="HigherIsBetter"/> to false: the value must be ≤ threshold.
/// </summary>
public sealed record MetricGate(string Metric, double Threshold, bool HigherIsBetter = true)
{
    public bool IsMetBy(double value) => HigherIsBetter ? value >= Threshold : value <= Threshold;

    public override string ToString() => $"{Metric} {(HigherIsBetter ? "≥" : "≤")} {Threshold:0.###}";
}
