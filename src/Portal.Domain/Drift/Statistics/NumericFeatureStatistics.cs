namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Drift statistics of one numeric feature. Statistics are null when <see cref="Status"/> is
/// <see cref="FeatureStatus.NotEnoughData"/>; <see cref="MeanShift"/> and <see cref="WassersteinNormalized"/> are
/// also null when the reference is constant (its standard deviation is 0). Never NaN.
/// </summary>
public sealed record NumericFeatureStatistics(
    FeatureStatus Status,
    string StatusDetail,
    MissingCounts Missing,
    int ReferenceCount,
    int CurrentCount,
    KsResult? Ks,
    PsiResult? Psi,
    double? MeanShift,
    double? Wasserstein,
    double? WassersteinNormalized);
