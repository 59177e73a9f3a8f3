using ModelLifecycle.Domain.Drift.Analysis;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// One window's columns as parsed: numeric features and scores outside the GC (<see cref="DoubleColumn"/>, never
/// copied into exact arrays on the upload path), categorical features as strings. Consumed once, by the upload's
/// analysis (<see cref="UploadAnalysis"/>) or by <see cref="ToWindow"/>.
/// </summary>
internal sealed class ParsedWindow : IDisposable
{
    public ParsedWindow(IReadOnlyDictionary<string, DoubleColumn> numeric, IReadOnlyDictionary<string, IReadOnlyList<string?>> categorical, DoubleColumn? scores)
    {
        Numeric = numeric;
        Categorical = categorical;
        Scores = scores;

        // Every record adds one value to every column; fixed here because draining a column empties it.
        Rows = numeric.Values.Select(c => c.Count).Concat(categorical.Values.Select(c => c.Count)).DefaultIfEmpty(0).Max();
    }

    public IReadOnlyDictionary<string, DoubleColumn> Numeric { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string?>> Categorical { get; }

    public DoubleColumn? Scores { get; }

    public int Rows { get; }

    /// <summary>The window as exact arrays (for callers that keep the columns, e.g. a scan's reference).</summary>
    public DriftWindow ToWindow() => new()
    {
        Numeric = Numeric.ToDictionary(c => c.Key, c => c.Value.ToArray(), StringComparer.Ordinal),
        Categorical = Categorical,
        Scores = Scores?.ToArray(),
    };

    public void Dispose()
    {
        foreach (var column in Numeric.Values)
        {
            column.Dispose();
        }

        Scores?.Dispose();
    }
}
