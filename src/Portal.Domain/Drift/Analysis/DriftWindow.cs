namespace ModelLifecycle.Domain.Drift.Analysis;

/// <summary>
/// The columns of one window (reference or current): numeric features, categorical features (null or empty
/// string = missing) and, optionally, the model's scores.
/// </summary>
public sealed record DriftWindow
{
    public IReadOnlyDictionary<string, double[]> Numeric { get; init; } = new Dictionary<string, double[]>();

    public IReadOnlyDictionary<string, IReadOnlyList<string?>> Categorical { get; init; } = new Dictionary<string, IReadOnlyList<string?>>();

    public double[]? Scores { get; init; }
}
