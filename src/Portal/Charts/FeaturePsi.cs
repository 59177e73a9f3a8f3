namespace ModelLifecycle.Portal.Charts;

/// <summary>PSI of one feature and its severity band ("None", "Moderate", "High" or "Critical").</summary>
public sealed record FeaturePsi(string Feature, double Psi, string Severity);
