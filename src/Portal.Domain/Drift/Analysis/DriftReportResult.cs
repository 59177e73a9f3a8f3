namespace ModelLifecycle.Domain.Drift.Analysis;

/// <summary>
/// A drift report: features ordered by gated severity (descending) then PSI (descending), the share of drifted
/// features among those that could be evaluated, the dataset verdict, concept drift when scores were given,
/// and the recommendation.
/// </summary>
public sealed record DriftReportResult(
    IReadOnlyList<FeatureDriftResult> Features,
    int EvaluatedFeatures,
    int DriftedFeatures,
    double DriftShare,
    bool DatasetDrift,
    ConceptDriftResult? Concept,
    DriftRecommendation Recommendation);
