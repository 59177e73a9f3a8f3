using ModelLifecycle.Domain.Drift.Analysis;

namespace ModelLifecycle.Domain.Drift;

/// <summary>A stored drift report of a model (and optionally one version): the verdict columns for lists, the rest as JSON.</summary>
public sealed class DriftReport
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    public string? Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public string? ReferenceSource { get; set; }

    public string? CurrentSource { get; set; }

    public int ReferenceRows { get; set; }

    public int CurrentRows { get; set; }

    public bool DatasetDrift { get; set; }

    public double DriftShare { get; set; }

    public DriftSeverity MaxSeverity { get; set; }

    public double MaxPsi { get; set; }

    public RecommendationKind RecommendationKind { get; set; }

    public required string Recommendation { get; set; }

    public List<DriftFeatureView> Features { get; set; } = [];

    public ConceptDriftResult? Concept { get; set; }

    public List<FeatureDistribution> Distributions { get; set; } = [];

    /// <summary>Where the windows came from: <see cref="UploadSource"/> (CSV windows) or <see cref="ScanSource"/> (the prediction log).</summary>
    public string Source { get; set; } = UploadSource;

    /// <summary>Live accuracy/F1 (or MAE) against the training metrics; scans only, when the log holds labels.</summary>
    public Monitoring.PerformanceDriftResult? Performance { get; set; }

    public const string UploadSource = "upload";
    public const string ScanSource = "scan";
}
