using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Domain.Drift.Analysis;

/// <summary>
/// Drift of the model's scores between the windows: PSI and KS of the score distributions (gated like a numeric
/// feature) and the positive rate, the share of scores ≥ the positive threshold (0.5 by default), in each window.
/// </summary>
public sealed record ConceptDriftResult(
    FeatureStatus Status,
    string StatusDetail,
    double? Psi,
    double? Ks,
    double? PValue,
    double? PositiveRateReference,
    double? PositiveRateCurrent,
    double? PositiveRateChange,
    DriftSeverity Severity,
    bool Drifted);
