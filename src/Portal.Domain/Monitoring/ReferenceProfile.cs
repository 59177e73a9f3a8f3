using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// The reference window of a scan in fixed size: per numeric feature a <see cref="NumericReference"/>, per categorical
/// feature its category counts, and the scores' sketch when the reference has scores. Built once from the reference
/// columns, which can then be released; the current window is streamed against it.
/// </summary>
public sealed record ReferenceProfile(
    string Source,
    int Rows,
    IReadOnlyDictionary<string, NumericReference> Numeric,
    IReadOnlyDictionary<string, CategoricalReference> Categorical,
    NumericReference? Scores,
    double? PositiveRate)
{
    /// <summary>Which kind of reference this is (the scan report names it).</summary>
    public ScanReference Kind { get; init; } = ScanReference.Log;

    public static ReferenceProfile From(string source, DriftWindow window, IReadOnlyList<FeatureDefinition> schema, DriftThresholds thresholds)
    {
        var numeric = new Dictionary<string, NumericReference>(StringComparer.Ordinal);
        var categorical = new Dictionary<string, CategoricalReference>(StringComparer.Ordinal);
        var rows = 0;
        foreach (var feature in schema)
        {
            if (feature.Type == FeatureType.Numeric)
            {
                var values = window.Numeric.GetValueOrDefault(feature.Name, []);
                rows = Math.Max(rows, values.Length);
                numeric[feature.Name] = NumericReference.From(values, thresholds.Bins);
            }
            else
            {
                var values = window.Categorical.GetValueOrDefault(feature.Name) ?? [];
                rows = Math.Max(rows, values.Count);
                categorical[feature.Name] = CategoricalReference.From(values);
            }
        }

        NumericReference? scores = null;
        double? positiveRate = null;
        if (window.Scores is { } s && s.Any(double.IsFinite))
        {
            scores = NumericReference.From(s, thresholds.Bins);
            var finite = s.Where(double.IsFinite).ToArray();
            positiveRate = (double)finite.Count(x => x >= thresholds.PositiveScoreThreshold) / finite.Length;
        }

        return new ReferenceProfile(source, rows, numeric, categorical, scores, positiveRate);
    }
}

/// <summary>A categorical reference column as category counts (null or empty = missing).</summary>
public sealed record CategoricalReference(IReadOnlyDictionary<string, long> Counts, int Count, long Missing)
{
    public static CategoricalReference From(IReadOnlyList<string?> values)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long missing = 0;
        foreach (var v in values)
        {
            if (string.IsNullOrEmpty(v))
            {
                missing++;
                continue;
            }

            counts[v] = counts.GetValueOrDefault(v) + 1;
        }

        return new CategoricalReference(counts, (int)(values.Count - missing), missing);
    }
}
