namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// PSI over categories: reference categories in ordinal order, then categories only seen in the current
/// window (<see cref="UnseenCategories"/>), each as its own bin. Proportions are smoothed like numeric PSI.
/// </summary>
public sealed record CategoricalPsiResult(
    double Value,
    IReadOnlyList<string> Categories,
    IReadOnlyList<double> ReferenceProportions,
    IReadOnlyList<double> CurrentProportions,
    IReadOnlyList<string> UnseenCategories);
