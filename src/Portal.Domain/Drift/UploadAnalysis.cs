using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Drift.Statistics;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// The statistics and charts of an upload's two parsed windows, numeric column by numeric column: each column's finite
/// values are compacted and sorted in place in the column's own memory, that one sorted copy feeds every statistic
/// (KS, PSI, mean shift, Wasserstein) and the chart's histogram, and the column is freed before the worker takes the
/// next feature. Memory beyond the parsed columns: one column-long sort scratch per worker, whatever the number of
/// features, and it shrinks as the columns are freed. The verdict is <see cref="DriftAnalyzer.FromStatistics"/>'s,
/// the same as for any window.
/// </summary>
internal static class UploadAnalysis
{
    /// <summary>Two workers use both cores of a small server; each more would hold one more column-long scratch.</summary>
    private const int Workers = 2;

    public static (DriftReportResult Result, List<FeatureDistribution> Distributions) Run(
        IReadOnlyList<FeatureDefinition> features, ParsedWindow reference, ParsedWindow current, DriftThresholds thresholds, CancellationToken ct)
    {
        var options = thresholds.Options;
        var numeric = features.Where(f => f.Type == FeatureType.Numeric).Select(f => f.Name).ToList();
        var jobs = numeric.Select(name => (reference.Numeric[name], current.Numeric[name])).ToList();
        if (reference.Scores is not null && current.Scores is not null)
        {
            jobs.Add((reference.Scores, current.Scores));
        }

        var results = new SortedPair[jobs.Count];
        var length = Math.Max(1, Math.Max(reference.Rows, current.Rows));
        Parallel.For(
            0,
            jobs.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = ct },
            () => new SortScratch(length),
            (j, _, scratch) =>
            {
                var name = j < numeric.Count ? numeric[j] : DriftCsv.ScoreColumn;
                results[j] = Analyze(name, jobs[j].Item1, jobs[j].Item2, scratch.Keys, options, thresholds.PositiveScoreThreshold);
                return scratch;
            },
            scratch => scratch.Dispose());

        var numericStatistics = new Dictionary<string, NumericFeatureStatistics>(StringComparer.Ordinal);
        var charts = new Dictionary<string, FeatureDistribution?>(StringComparer.Ordinal);
        for (var j = 0; j < numeric.Count; j++)
        {
            numericStatistics[numeric[j]] = results[j].Statistics;
            charts[numeric[j]] = results[j].Distribution;
        }

        var categoricalStatistics = new Dictionary<string, CategoricalFeatureStatistics>(StringComparer.Ordinal);
        foreach (var feature in features.Where(f => f.Type != FeatureType.Numeric))
        {
            var (a, b) = (reference.Categorical[feature.Name], current.Categorical[feature.Name]);
            categoricalStatistics[feature.Name] = FeatureDrift.Categorical(a, b, options);
            charts[feature.Name] = FeatureDistribution.Categorical(feature.Name, a, b);
        }

        (NumericFeatureStatistics, double, double)? scores = results.Length > numeric.Count
            ? (results[^1].Statistics, results[^1].ReferenceRate, results[^1].CurrentRate)
            : null;
        var result = DriftAnalyzer.FromStatistics(numericStatistics, categoricalStatistics, scores, thresholds);
        var distributions = features.Select(f => charts[f.Name]).OfType<FeatureDistribution>().ToList();
        return (result, distributions);
    }

    private static SortedPair Analyze(string name, DoubleColumn reference, DoubleColumn current, Span<ulong> scratch, DriftOptions options, double positiveScore)
    {
        try
        {
            var (referenceLength, currentLength) = (reference.Count, current.Count);
            var a = reference.CompactFinite();
            RadixSort.Sort(a, scratch);
            var b = current.CompactFinite();
            RadixSort.Sort(b, scratch);
            var statistics = FeatureDrift.NumericSorted(a, b, referenceLength, currentLength, options);
            return new SortedPair(statistics, FeatureDistribution.FromSorted(name, a, b), PositiveRate(a, positiveScore), PositiveRate(b, positiveScore));
        }
        finally
        {
            reference.Dispose();
            current.Dispose();
        }
    }

    /// <summary>Share of the (finite) scores at or above the threshold, as <see cref="DriftAnalyzer"/> counts it.</summary>
    private static double PositiveRate(ReadOnlySpan<double> finite, double threshold)
    {
        long positive = 0;
        foreach (var score in finite)
        {
            positive += score >= threshold ? 1 : 0;
        }

        return finite.IsEmpty ? 0.0 : (double)positive / finite.Length;
    }

    private readonly record struct SortedPair(NumericFeatureStatistics Statistics, FeatureDistribution? Distribution, double ReferenceRate, double CurrentRate);

    /// <summary>One worker's radix-sort scratch, outside the GC and freed when the worker ends (no large-object garbage per upload).</summary>
    private sealed unsafe class SortScratch(int length) : IDisposable
    {
        private readonly ulong* keys = (ulong*)PageMemory.Allocate((nuint)length * sizeof(ulong));

        public Span<ulong> Keys => new(keys, length);

        public void Dispose() => PageMemory.Free(keys, (nuint)length * sizeof(ulong));
    }
}
