using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Domain.Drift.Analysis;

/// <summary>
/// One feature's line in a drift report. <see cref="PsiSeverity"/> is the raw PSI band; <see cref="Severity"/> is
/// that band after the significance gate (KS p for numeric, chi-square p for categorical) and
/// <see cref="Drifted"/> is Severity ≥ Moderate. Statistics a kind does not have, or that could not be computed
/// (see <see cref="Status"/>), are null.
/// </summary>
public sealed record FeatureDriftResult(
    string Name,
    FeatureKind Kind,
    FeatureStatus Status,
    string StatusDetail,
    double? Ks,
    double? PValue,
    double? Psi,
    double? MeanShift,
    double? Wasserstein,
    double? WassersteinNormalized,
    double? ChiSquare,
    DriftSeverity PsiSeverity,
    DriftSeverity Severity,
    bool Drifted,
    long MissingReference,
    long MissingCurrent);
