using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Domain.Drift;

/// <summary>One feature of a drift report as the API returns it (<c>missing</c> counts both windows).</summary>
public sealed record DriftFeatureView(
    string Name,
    FeatureKind Kind,
    double? Ks,
    double? PValue,
    double? Psi,
    double? MeanShift,
    double? Wasserstein,
    double? WassersteinNormalized,
    double? ChiSquare,
    DriftSeverity Severity,
    DriftSeverity PsiSeverity,
    bool Drifted,
    long Missing,
    long MissingReference,
    long MissingCurrent,
    FeatureStatus Status,
    string StatusDetail)
{
    public static DriftFeatureView From(FeatureDriftResult f) => new(
        f.Name, f.Kind, f.Ks, f.PValue, f.Psi, f.MeanShift, f.Wasserstein, f.WassersteinNormalized, f.ChiSquare,
        f.Severity, f.PsiSeverity, f.Drifted, f.MissingReference + f.MissingCurrent, f.MissingReference, f.MissingCurrent, f.Status, f.StatusDetail);
}

/// <summary>A drift report: per-feature statistics, the dataset verdict, concept drift and the recommendation.</summary>
public sealed record DriftReportView(
    Guid? Id,
    string? Model,
    string? Version,
    DateTime? CreatedAt,
    string? CreatedBy,
    int ReferenceRows,
    int CurrentRows,
    IReadOnlyList<DriftFeatureView> Features,
    bool DatasetDrift,
    double DriftShare,
    int EvaluatedFeatures,
    int DriftedFeatures,
    DriftSeverity MaxSeverity,
    string Recommendation,
    RecommendationKind RecommendationKind,
    IReadOnlyList<string> RecommendedFeatures,
    ConceptDriftResult? Concept,
    string Source = DriftReport.UploadSource,
    Monitoring.PerformanceDriftResult? Performance = null,
    string? ReferenceSource = null,
    string? CurrentSource = null,
    string? ReferenceKind = null)
{
    public static DriftReportView From(DriftReportResult r, int referenceRows, int currentRows) => new(
        null, null, null, null, null, referenceRows, currentRows, r.Features.Select(DriftFeatureView.From).ToList(),
        r.DatasetDrift, r.DriftShare, r.EvaluatedFeatures, r.DriftedFeatures,
        r.Features.Select(f => f.Severity).DefaultIfEmpty(DriftSeverity.None).Max(),
        r.Recommendation.Text, r.Recommendation.Kind, r.Recommendation.Features, r.Concept);

    public static DriftReportView From(DriftReport r) => new(
        r.Id, r.ModelName, r.Version, r.CreatedAt, r.CreatedBy, r.ReferenceRows, r.CurrentRows, r.Features, r.DatasetDrift,
        r.DriftShare, r.Features.Count(f => f.Status != FeatureStatus.NotEnoughData), r.Features.Count(f => f.Drifted), r.MaxSeverity,
        r.Recommendation, r.RecommendationKind, r.Features.Where(f => f.Drifted).Select(f => f.Name).ToList(), r.Concept,
        r.Source, r.Performance, r.ReferenceSource, r.CurrentSource, r.ReferenceKind);
}

/// <summary>A stored report in a list: when, the verdict, the worst severity.</summary>
public sealed record DriftReportSummary(Guid Id, string Model, string? Version, DateTime CreatedAt, string CreatedBy, bool DatasetDrift, double DriftShare, DriftSeverity MaxSeverity, double MaxPsi, string Recommendation);
