namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Outcome of a two-sample Kolmogorov–Smirnov test.
/// <paramref name="Method"/> is "exact" or "asymptotic", naming how the p-value was obtained.
/// </summary>
public sealed record KsResult(double Statistic, double PValue, string Method)
{
    public const string Exact = "exact";
    public const string Asymptotic = "asymptotic";
}
