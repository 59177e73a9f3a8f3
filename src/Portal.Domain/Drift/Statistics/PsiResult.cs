namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// PSI over numeric bins. <see cref="Edges"/> are the inner bin edges (k edges make k + 1 bins);
/// bin i is (Edges[i−1], Edges[i]] with the first open to −∞ and the last to +∞.
/// Proportions are per bin, after the empty-bin smoothing described on <see cref="PopulationStabilityIndex"/>.
/// </summary>
public sealed record PsiResult(
    double Value,
    IReadOnlyList<double> Edges,
    IReadOnlyList<double> ReferenceProportions,
    IReadOnlyList<double> CurrentProportions);
