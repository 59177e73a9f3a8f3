namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>Pearson chi-square test outcome: statistic, degrees of freedom and upper-tail p-value.</summary>
public sealed record ChiSquareResult(double Statistic, int DegreesOfFreedom, double PValue);
