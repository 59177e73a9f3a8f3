namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Drift statistics of one categorical feature; statistics are null when <see cref="Status"/> is
/// <see cref="FeatureStatus.NotEnoughData"/>.
/// </summary>
public sealed record CategoricalFeatureStatistics(
    FeatureStatus Status,
    string StatusDetail,
    MissingCounts Missing,
    int ReferenceCount,
    int CurrentCount,
    ChiSquareResult? ChiSquare,
    CategoricalPsiResult? Psi);
