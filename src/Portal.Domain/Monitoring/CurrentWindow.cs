using System.Globalization;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Drift.Statistics;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// The current window of a scan, accumulated chunk by chunk against a <see cref="ReferenceProfile"/>: per numeric
/// feature a <see cref="StreamingWindow"/> (KS on the sketch's grid, exact PSI counts), a running sum (mean shift),
/// min/max (constant windows) and histogram counts; per categorical feature category counts; the scores' streaming
/// window and positive rate; confusion counts or absolute errors of labelled predictions. Memory is fixed by the
/// reference and the categories seen, never by the number of rows. Not thread-safe.
/// </summary>
public sealed class CurrentWindow
{
    private readonly ReferenceProfile _reference;
    private readonly DriftThresholds _thresholds;
    private readonly ModelTask _task;
    private readonly Dictionary<string, NumericCurrent> _numeric = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CategoricalCurrent> _categorical = new(StringComparer.Ordinal);
    private readonly NumericCurrent? _scores;
    private long _scoreCount;
    private long _positive;
    private long _labelled, _tp, _fp, _fn, _tn;
    private double _absoluteError;

    public CurrentWindow(ReferenceProfile reference, ModelTask task, DriftThresholds thresholds)
    {
        _reference = reference;
        _thresholds = thresholds;
        _task = task;
        foreach (var (name, r) in reference.Numeric)
        {
            _numeric[name] = new NumericCurrent(r);
        }

        foreach (var name in reference.Categorical.Keys)
        {
            _categorical[name] = new CategoricalCurrent();
        }

        _scores = reference.Scores is { Sketch: not null } referenceScores ? new NumericCurrent(referenceScores) : null;
    }

    public long Rows { get; private set; }

    public void Add(LogChunk chunk)
    {
        var n = chunk.Count;
        Rows += n;
        for (var i = 0; i < chunk.NumericNames.Length; i++)
        {
            if (_numeric.TryGetValue(chunk.NumericNames[i], out var accumulator))
            {
                accumulator.Add(chunk.Numeric[i].AsSpan(0, n));
            }
        }

        for (var i = 0; i < chunk.CategoricalNames.Length; i++)
        {
            if (_categorical.TryGetValue(chunk.CategoricalNames[i], out var accumulator))
            {
                accumulator.Add(chunk.Categorical[i].AsSpan(0, n));
            }
        }

        var scores = chunk.Scores.AsSpan(0, n);
        _scores?.Add(scores);
        foreach (var s in scores)
        {
            if (double.IsFinite(s))
            {
                _scoreCount++;
                _positive += s >= _thresholds.PositiveScoreThreshold ? 1 : 0;
            }
        }

        for (var row = 0; row < n; row++)
        {
            var label = chunk.Labels[row];
            var prediction = chunk.Predictions[row];
            if (!double.IsFinite(label) || !double.IsFinite(prediction))
            {
                continue;
            }

            _labelled++;
            if (_task == ModelTask.Regression)
            {
                _absoluteError += Math.Abs(prediction - label);
                continue;
            }

            var actual = label >= 0.5;
            var predicted = prediction >= 0.5;
            (_tp, _fp, _fn, _tn) = (actual, predicted) switch
            {
                (true, true) => (_tp + 1, _fp, _fn, _tn),
                (false, true) => (_tp, _fp + 1, _fn, _tn),
                (true, false) => (_tp, _fp, _fn + 1, _tn),
                _ => (_tp, _fp, _fn, _tn + 1),
            };
        }
    }

    /// <summary>The drift report of the windows, with the same rules as a CSV report.</summary>
    public DriftReportResult Report()
    {
        var numeric = _numeric.ToDictionary(n => n.Key, n => n.Value.Statistics(_thresholds.Options), StringComparer.Ordinal);
        var categorical = _categorical.ToDictionary(c => c.Key, c => c.Value.Statistics(_reference.Categorical[c.Key], _thresholds.Options), StringComparer.Ordinal);
        (NumericFeatureStatistics, double, double)? scores = null;
        if (_scores is not null)
        {
            var s = _scores.Statistics(_thresholds.Options);
            scores = (s, _reference.PositiveRate ?? 0, _scoreCount == 0 ? 0 : (double)_positive / _scoreCount);
        }

        return DriftAnalyzer.FromStatistics(numeric, categorical, scores, _thresholds);
    }

    /// <summary>What the charts of each feature need (histograms over the reference's range; category shares).</summary>
    public IReadOnlyList<FeatureDistribution> Distributions(IReadOnlyList<FeatureDefinition> schema)
    {
        var result = new List<FeatureDistribution>();
        foreach (var f in schema)
        {
            if (_numeric.TryGetValue(f.Name, out var n) && n.Distribution(f.Name) is { } d)
            {
                result.Add(d);
            }
            else if (_categorical.TryGetValue(f.Name, out var c))
            {
                result.Add(c.Distribution(f.Name, _reference.Categorical[f.Name]));
            }
        }

        return result;
    }

    /// <summary>Live accuracy/F1 (or MAE) against the version's training metrics.</summary>
    public PerformanceDriftResult Performance(IReadOnlyDictionary<string, double> trainingMetrics, double thresholdPoints)
    {
        var taskName = _task.ToString();
        if (_labelled < _thresholds.MinimumSamples)
        {
            return new PerformanceDriftResult(taskName, _labelled, [], null, thresholdPoints, false,
                $"not enough labels: {_labelled} labelled predictions, at least {_thresholds.MinimumSamples} needed");
        }

        var metrics = new List<MetricComparison>();
        if (_task == ModelTask.Regression)
        {
            var mae = _absoluteError / _labelled;
            var training = Metric(trainingMetrics, "mae");
            metrics.Add(new("mae", training, mae, training is > 0 ? (mae - training.Value) / training.Value * 100 : null));
        }
        else
        {
            var accuracy = (double)(_tp + _tn) / _labelled;
            var f1Denominator = (2 * _tp) + _fp + _fn;
            var f1 = f1Denominator == 0 ? 0 : 2.0 * _tp / f1Denominator;
            foreach (var (name, live) in new[] { ("accuracy", accuracy), ("f1", f1) })
            {
                var training = Metric(trainingMetrics, name);
                metrics.Add(new(name, training, live, training is { } t ? (t - live) * 100 : null));
            }
        }

        var drop = metrics.Where(m => m.DropPoints is not null).Select(m => m.DropPoints!.Value).DefaultIfEmpty(double.NaN).Max();
        double? worst = double.IsNaN(drop) ? null : drop;
        var dropped = worst >= thresholdPoints;
        var detail = worst is null
            ? "the version has no training metric to compare with"
            : string.Create(CultureInfo.InvariantCulture, $"largest drop {worst:0.##} points (threshold {thresholdPoints:0.##})");
        return new PerformanceDriftResult(taskName, _labelled, metrics, worst, thresholdPoints, dropped, detail);
    }

    private static double? Metric(IReadOnlyDictionary<string, double> metrics, string name) =>
        metrics.FirstOrDefault(m => string.Equals(m.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } hit ? hit.Value : null;

    private sealed class NumericCurrent(NumericReference reference)
    {
        private readonly StreamingWindow? _window = reference.Sketch is { } s ? new StreamingWindow(s) : null;
        private readonly long[] _histogram = new long[Math.Max(0, reference.HistogramEdges.Length - 1)];
        private long _count, _missing;
        private double _sum = 0, _min = double.PositiveInfinity, _max = double.NegativeInfinity;

        public void Add(ReadOnlySpan<double> values)
        {
            _window?.Add(values);
            foreach (var v in values)
            {
                if (!double.IsFinite(v))
                {
                    _missing++;
                    continue;
                }

                _count++;
                _sum += v;
                _min = Math.Min(_min, v);
                _max = Math.Max(_max, v);
                if (_histogram.Length > 0)
                {
                    _histogram[NumericReference.HistogramBin(reference.HistogramEdges, v)]++;
                }
            }
        }

        public NumericFeatureStatistics Statistics(DriftOptions options)
        {
            var current = _count;
            var missing = new MissingCounts(reference.Missing, _window is null ? _missing : 0);
            if (reference.Count < options.MinimumSamples || current < options.MinimumSamples || _window is null)
            {
                return new NumericFeatureStatistics(FeatureStatus.NotEnoughData,
                    $"not enough data: {reference.Count} reference and {current} current values, at least {options.MinimumSamples} each needed",
                    missing, reference.Count, (int)Math.Min(int.MaxValue, current), null, null, null, null, null);
            }

            var result = _window.Result();
            missing = new MissingCounts(reference.Missing, result.MissingCurrent);
            double? meanShift = reference.StandardDeviation > 0 && _count > 0 ? ((_sum / _count) - reference.Mean) / reference.StandardDeviation : null;
            var currentConstant = _count > 0 && _min == _max;
            var (status, detail) = (reference.Constant, currentConstant) switch
            {
                (true, true) => (FeatureStatus.Constant, "both windows are constant"),
                (true, false) => (FeatureStatus.Constant, "reference window is constant; mean shift and normalised Wasserstein undefined"),
                (false, true) => (FeatureStatus.Constant, "current window is constant"),
                _ => (FeatureStatus.Ok, "ok"),
            };
            return new NumericFeatureStatistics(status, detail, missing, reference.Count, (int)Math.Min(int.MaxValue, result.CurrentCount),
                result.Ks, result.Psi, meanShift, result.Wasserstein, Wasserstein.Normalized(result.Wasserstein, reference.StandardDeviation));
        }

        public FeatureDistribution? Distribution(string feature)
        {
            if (_histogram.Length == 0 || _count == 0)
            {
                return null;
            }

            // Where the two histogram ECDFs are furthest apart: the chart's marker of the KS distance.
            double refTotal = reference.HistogramCounts.Sum(), refRun = 0, curRun = 0, best = -1;
            var at = reference.HistogramEdges[0];
            for (var k = 0; k < _histogram.Length; k++)
            {
                refRun += reference.HistogramCounts[k];
                curRun += _histogram[k];
                var gap = Math.Abs((refRun / refTotal) - (curRun / _count));
                if (gap > best)
                {
                    best = gap;
                    at = reference.HistogramEdges[k + 1];
                }
            }

            return new FeatureDistribution(feature, reference.HistogramEdges, reference.HistogramCounts, (long[])_histogram.Clone(), at, null, null, null);
        }
    }

    private sealed class CategoricalCurrent
    {
        private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
        private long _missing;

        public void Add(ReadOnlySpan<string?> values)
        {
            foreach (var v in values)
            {
                if (string.IsNullOrEmpty(v))
                {
                    _missing++;
                    continue;
                }

                _counts[v] = _counts.GetValueOrDefault(v) + 1;
            }
        }

        public CategoricalFeatureStatistics Statistics(CategoricalReference reference, DriftOptions options)
        {
            var current = _counts.Values.Sum();
            var missing = new MissingCounts(reference.Missing, _missing);
            if (reference.Count < options.MinimumSamples || current < options.MinimumSamples)
            {
                return new CategoricalFeatureStatistics(FeatureStatus.NotEnoughData,
                    $"not enough data: {reference.Count} reference and {current} current values, at least {options.MinimumSamples} each needed",
                    missing, reference.Count, (int)current, null, null);
            }

            // The same table as CategoryCounts.Build: reference categories in ordinal order, then unseen ones.
            var seen = reference.Counts.Keys.Order(StringComparer.Ordinal).ToList();
            var unseen = _counts.Keys.Where(k => !reference.Counts.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            var categories = seen.Concat(unseen).ToList();
            long[] r = [.. categories.Select(c => reference.Counts.GetValueOrDefault(c))];
            long[] c = [.. categories.Select(c => _counts.GetValueOrDefault(c))];
            var chi = ChiSquareHomogeneity.Test(r, c);
            var psi = PopulationStabilityIndex.FromCounts([], r, c);
            var psiResult = new CategoricalPsiResult(psi.Value, categories, psi.ReferenceProportions, psi.CurrentProportions, unseen);
            var (status, detail) = categories.Count == 1 ? (FeatureStatus.Constant, "both windows hold a single category") : (FeatureStatus.Ok, "ok");
            return new CategoricalFeatureStatistics(status, detail, missing, reference.Count, (int)current, chi, psiResult);
        }

        public FeatureDistribution Distribution(string feature, CategoricalReference reference)
        {
            var categories = reference.Counts.Keys.Union(_counts.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            double refTotal = Math.Max(1, reference.Counts.Values.Sum());
            double curTotal = Math.Max(1, _counts.Values.Sum());
            return new FeatureDistribution(feature, null, null, null, null, categories,
                [.. categories.Select(c => reference.Counts.GetValueOrDefault(c) / refTotal)],
                [.. categories.Select(c => _counts.GetValueOrDefault(c) / curTotal)]);
        }
    }
}
