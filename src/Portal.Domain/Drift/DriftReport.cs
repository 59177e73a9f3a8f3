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

    /// <summary>
    /// Which reference a scan compared with (<c>dataset</c>, <c>log</c> or <c>csv</c>, as <see cref="Monitoring.ScanReference"/>
    /// names them); null for uploaded windows, whose reference is the uploaded file itself.
    /// </summary>
    public string? ReferenceKind { get; set; }

    public const string UploadSource = "upload";
    public const string ScanSource = "scan";

    /// <summary>
    /// The one way a stored report is built from analysed windows, for uploaded CSV windows and streamed scans alike:
    /// the verdict columns (dataset drift, share, worst severity, largest PSI, recommendation) come from the same view
    /// of the result the API returns.
    /// </summary>
    public static DriftReport From(DriftReportOrigin origin, DriftReportResult result, int referenceRows, int currentRows, List<FeatureDistribution> distributions)
    {
        var view = DriftReportView.From(result, referenceRows, currentRows);
        return new DriftReport
        {
            ModelId = origin.ModelId,
            ModelName = origin.ModelName,
            Version = origin.Version,
            CreatedAt = origin.CreatedAt,
            CreatedBy = origin.CreatedBy,
            ReferenceSource = origin.ReferenceSource,
            CurrentSource = origin.CurrentSource,
            ReferenceRows = view.ReferenceRows,
            CurrentRows = view.CurrentRows,
            DatasetDrift = view.DatasetDrift,
            DriftShare = view.DriftShare,
            MaxSeverity = view.MaxSeverity,
            MaxPsi = view.Features.Select(f => f.Psi ?? 0).DefaultIfEmpty(0).Max(),
            RecommendationKind = view.RecommendationKind,
            Recommendation = view.Recommendation,
            Features = [.. view.Features],
            Concept = view.Concept,
            Distributions = distributions,
            Source = origin.Source,
        };
    }
}

/// <summary>Who stored a report, for which model and version, and where its two windows came from.</summary>
public sealed record DriftReportOrigin(
    Guid ModelId,
    string ModelName,
    string? Version,
    DateTime CreatedAt,
    string CreatedBy,
    string? ReferenceSource,
    string? CurrentSource,
    string Source = DriftReport.UploadSource);
