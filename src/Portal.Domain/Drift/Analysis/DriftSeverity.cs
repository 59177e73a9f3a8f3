namespace ModelLifecycle.Domain.Drift.Analysis;

/// <summary>Drift severity bands from PSI (see <see cref="DriftThresholds.SeverityOf"/>).</summary>
public enum DriftSeverity
{
    None,
    Moderate,
    High,
    Critical,
}
