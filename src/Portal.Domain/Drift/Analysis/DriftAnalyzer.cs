using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Domain.Drift.Analysis;

/// <summary>
/// Builds a drift report from two windows. Pure: no I/O, no clock. A feature present in only one window is
/// reported as "not enough data" for the other. Features that could not be evaluated (not enough data) are
/// excluded from the drift share's denominator.
/// </summary>
public static class DriftAnalyzer
{
    public static DriftReportResult Analyze(DriftWindow reference, DriftWindow current, DriftThresholds? thresholds = null)
    {
        thresholds ??= DriftThresholds.Default;
        var options = thresholds.Options;
        var features = new List<FeatureDriftResult>();

        foreach (var name in Names(reference.Numeric.Keys, current.Numeric.Keys))
        {
            var stats = FeatureDrift.Numeric(reference.Numeric.GetValueOrDefault(name, []), current.Numeric.GetValueOrDefault(name, []), options);
            features.Add(FromNumeric(name, stats, thresholds));
        }

        foreach (var name in Names(reference.Categorical.Keys, current.Categorical.Keys))
        {
            var stats = FeatureDrift.Categorical(
                reference.Categorical.GetValueOrDefault(name) ?? [], current.Categorical.GetValueOrDefault(name) ?? [], options);
            features.Add(FromCategorical(name, stats, thresholds));
        }

        var concept = reference.Scores is not null && current.Scores is not null
            ? Concept(reference.Scores, current.Scores, thresholds)
            : null;
        return Report(features, concept, thresholds);
    }

    /// <summary>The one home of a report's verdict: feature order (worst first), dataset drift share and recommendation.</summary>
    private static DriftReportResult Report(IEnumerable<FeatureDriftResult> features, ConceptDriftResult? concept, DriftThresholds thresholds)
    {
        var ordered = features
            .OrderByDescending(f => f.Severity)
            .ThenByDescending(f => f.Psi ?? double.NegativeInfinity)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var evaluated = ordered.Count(f => f.Status != FeatureStatus.NotEnoughData);
        var drifted = ordered.Count(f => f.Drifted);
        var share = evaluated == 0 ? 0.0 : (double)drifted / evaluated;
        var datasetDrift = evaluated > 0 && share >= thresholds.DatasetDriftShare;
        var recommendation = DriftRecommendations.For(ordered, evaluated, share, datasetDrift, concept);
        return new DriftReportResult(ordered, evaluated, drifted, share, datasetDrift, concept, recommendation);
    }

    /// <summary>
    /// The same report from statistics computed elsewhere (a scan streaming the prediction log): the same severities,
    /// gate, ordering, dataset verdict and recommendation as <see cref="Analyze"/>. <paramref name="scores"/> carries the
    /// score statistics with both windows' positive rates.
    /// </summary>
    public static DriftReportResult FromStatistics(
        IReadOnlyDictionary<string, NumericFeatureStatistics> numeric,
        IReadOnlyDictionary<string, CategoricalFeatureStatistics> categorical,
        (NumericFeatureStatistics Statistics, double ReferenceRate, double CurrentRate)? scores,
        DriftThresholds? thresholds = null)
    {
        thresholds ??= DriftThresholds.Default;
        var features = numeric.Select(n => FromNumeric(n.Key, n.Value, thresholds))
            .Concat(categorical.Select(c => FromCategorical(c.Key, c.Value, thresholds)));
        ConceptDriftResult? concept = null;
        if (scores is var (s, referenceRate, currentRate))
        {
            var severity = s.Ks is null || s.Psi is null ? DriftSeverity.None : thresholds.GatedSeverity(s.Psi.Value, s.Ks.PValue);
            concept = s.Ks is null || s.Psi is null
                ? new ConceptDriftResult(s.Status, s.StatusDetail, null, null, null, null, null, null, DriftSeverity.None, false)
                : new ConceptDriftResult(s.Status, s.StatusDetail, s.Psi.Value, s.Ks.Statistic, s.Ks.PValue,
                    referenceRate, currentRate, currentRate - referenceRate, severity, severity >= DriftSeverity.Moderate);
        }

        return Report(features, concept, thresholds);
    }

    private static FeatureDriftResult FromNumeric(string name, NumericFeatureStatistics s, DriftThresholds thresholds)
    {
        var psiSeverity = s.Psi is null ? DriftSeverity.None : thresholds.SeverityOf(s.Psi.Value);
        var severity = s.Psi is null || s.Ks is null ? DriftSeverity.None : thresholds.GatedSeverity(s.Psi.Value, s.Ks.PValue);
        return new FeatureDriftResult(name, FeatureKind.Numeric, s.Status, s.StatusDetail, s.Ks?.Statistic, s.Ks?.PValue,
            s.Psi?.Value, s.MeanShift, s.Wasserstein, s.WassersteinNormalized, null, psiSeverity, severity,
            severity >= DriftSeverity.Moderate, s.Missing.Reference, s.Missing.Current);
    }

    private static FeatureDriftResult FromCategorical(string name, CategoricalFeatureStatistics s, DriftThresholds thresholds)
    {
        var psiSeverity = s.Psi is null ? DriftSeverity.None : thresholds.SeverityOf(s.Psi.Value);
        var severity = s.Psi is null || s.ChiSquare is null
            ? DriftSeverity.None
            : thresholds.GatedSeverity(s.Psi.Value, s.ChiSquare.PValue);
        return new FeatureDriftResult(name, FeatureKind.Categorical, s.Status, s.StatusDetail, null, s.ChiSquare?.PValue,
            s.Psi?.Value, null, null, null, s.ChiSquare?.Statistic, psiSeverity, severity,
            severity >= DriftSeverity.Moderate, s.Missing.Reference, s.Missing.Current);
    }

    private static ConceptDriftResult Concept(double[] reference, double[] current, DriftThresholds thresholds)
    {
        var s = FeatureDrift.Numeric(reference, current, thresholds.Options);
        if (s.Ks is null || s.Psi is null)
        {
            return new ConceptDriftResult(s.Status, s.StatusDetail, null, null, null, null, null, null, DriftSeverity.None, false);
        }

        var referenceRate = PositiveRate(reference, thresholds.PositiveScoreThreshold);
        var currentRate = PositiveRate(current, thresholds.PositiveScoreThreshold);
        var severity = thresholds.GatedSeverity(s.Psi.Value, s.Ks.PValue);
        return new ConceptDriftResult(s.Status, s.StatusDetail, s.Psi.Value, s.Ks.Statistic, s.Ks.PValue,
            referenceRate, currentRate, currentRate - referenceRate, severity, severity >= DriftSeverity.Moderate);
    }

    /// <summary>Share of finite scores at or above the threshold (missing scores are ignored as elsewhere).</summary>
    private static double PositiveRate(double[] scores, double threshold)
    {
        long finite = 0, positive = 0;
        foreach (var score in scores)
        {
            if (double.IsFinite(score))
            {
                finite++;
                positive += score >= threshold ? 1 : 0;
            }
        }

        return finite == 0 ? 0.0 : (double)positive / finite;
    }

    private static IEnumerable<string> Names(IEnumerable<string> reference, IEnumerable<string> current) =>
        reference.Union(current, StringComparer.Ordinal).Order(StringComparer.Ordinal);
}
