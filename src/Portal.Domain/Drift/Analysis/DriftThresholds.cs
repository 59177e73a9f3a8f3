using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Domain.Drift.Analysis;

/// <summary>
/// Configurable drift rules. PSI bands: &lt; <see cref="PsiModerate"/> none, [moderate, high) moderate,
/// [high, critical) high, ≥ <see cref="PsiCritical"/> critical. A band only counts when the feature's test is
/// significant (p &lt; <see cref="SignificanceLevel"/>: KS for numeric features and scores, chi-square for
/// categorical ones). The dataset has drifted when drifted features / evaluated features ≥
/// <see cref="DatasetDriftShare"/>.
/// </summary>
public sealed record DriftThresholds
{
    public static DriftThresholds Default { get; } = new();

    public double PsiModerate { get; init; } = 0.1;

    public double PsiHigh { get; init; } = 0.2;

    public double PsiCritical { get; init; } = 0.5;

    public double SignificanceLevel { get; init; } = 0.05;

    public double DatasetDriftShare { get; init; } = 0.5;

    public int Bins { get; init; } = PopulationStabilityIndex.DefaultBins;

    public int MinimumSamples { get; init; } = DriftOptions.Default.MinimumSamples;

    /// <summary>Score at or above which a prediction counts as positive, for the concept-drift positive rate.</summary>
    public double PositiveScoreThreshold { get; init; } = 0.5;

    public DriftOptions Options => new() { Bins = Bins, MinimumSamples = MinimumSamples };

    /// <summary>Severity band of a PSI value, before the significance gate.</summary>
    public DriftSeverity SeverityOf(double psi) => psi switch
    {
        _ when psi >= PsiCritical => DriftSeverity.Critical,
        _ when psi >= PsiHigh => DriftSeverity.High,
        _ when psi >= PsiModerate => DriftSeverity.Moderate,
        _ => DriftSeverity.None,
    };

    /// <summary>The gated severity: the PSI band when p &lt; significance level, otherwise none.</summary>
    public DriftSeverity GatedSeverity(double psi, double pValue) =>
        pValue < SignificanceLevel ? SeverityOf(psi) : DriftSeverity.None;
}
