namespace ModelLifecycle.Portal.Charts;

/// <summary>One drift scan: the share of features that drifted and the largest feature PSI.</summary>
public sealed record DriftPoint(DateTime At, double DriftShare, double MaxPsi);
