using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Tests.Unit.Drift;

public sealed class DriftAnalyzerTests
{
    private static double[] Uniform(int n, double from, double to, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => from + ((to - from) * random.NextDouble()))];
    }

    private static double[] Normal(int n, double shift, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ =>
            shift + (Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];
    }

    private static DriftWindow Window(Dictionary<string, double[]> numeric, double[]? scores = null) =>
        new() { Numeric = numeric, Scores = scores };

    [Theory]
    [InlineData(0.05, DriftSeverity.None)]
    [InlineData(0.1, DriftSeverity.Moderate)]
    [InlineData(0.19, DriftSeverity.Moderate)]
    [InlineData(0.2, DriftSeverity.High)]
    [InlineData(0.5, DriftSeverity.Critical)]
    public void Severity_bands_follow_psi_thresholds(double psi, DriftSeverity expected)
    {
        Assert.Equal(expected, DriftThresholds.Default.SeverityOf(psi));
    }

    [Fact]
    public void Psi_band_without_significant_test_is_not_drift()
    {
        Assert.Equal(DriftSeverity.None, DriftThresholds.Default.GatedSeverity(0.7, 0.2));
        Assert.Equal(DriftSeverity.Critical, DriftThresholds.Default.GatedSeverity(0.7, 0.01));
    }

    [Fact]
    public void Stable_windows_recommend_no_action()
    {
        var reference = Window(new() { ["x"] = Uniform(2000, 0, 1, 1), ["y"] = Uniform(2000, 5, 9, 2) });
        var current = Window(new() { ["x"] = Uniform(2000, 0, 1, 3), ["y"] = Uniform(2000, 5, 9, 4) });

        var report = DriftAnalyzer.Analyze(reference, current);

        Assert.False(report.DatasetDrift);
        Assert.Equal(0, report.DriftedFeatures);
        Assert.Equal(RecommendationKind.NoAction, report.Recommendation.Kind);
    }

    [Fact]
    public void Half_of_features_drifting_is_dataset_drift_and_recommends_retraining()
    {
        var reference = Window(new() { ["a"] = Uniform(2000, 0, 1, 1), ["b"] = Uniform(2000, 0, 1, 2) });
        var current = Window(new() { ["a"] = Uniform(2000, 0.5, 1.5, 3), ["b"] = Uniform(2000, 0, 1, 4) });

        var report = DriftAnalyzer.Analyze(reference, current);

        Assert.Equal(0.5, report.DriftShare);
        Assert.True(report.DatasetDrift);
        Assert.Equal(RecommendationKind.Retrain, report.Recommendation.Kind);
        Assert.Equal("a", report.Features[0].Name);
        Assert.True(report.Features[0].Drifted);
    }

    [Fact]
    public void High_drift_in_a_minority_of_features_recommends_investigating_them()
    {
        var numeric = Enumerable.Range(0, 4).ToDictionary(i => $"f{i}", i => Uniform(3000, 0, 1, i));
        var shifted = Enumerable.Range(0, 4).ToDictionary(i => $"f{i}", i => Uniform(3000, i == 2 ? 0.3 : 0, i == 2 ? 1.3 : 1, 10 + i));

        var report = DriftAnalyzer.Analyze(Window(numeric), Window(shifted));

        Assert.False(report.DatasetDrift);
        Assert.Equal(RecommendationKind.Investigate, report.Recommendation.Kind);
        Assert.Equal(["f2"], report.Recommendation.Features);
        Assert.Contains("f2", report.Recommendation.Text);
    }

    [Fact]
    public void Moderate_drift_recommends_monitoring()
    {
        // A normal mean shift of 0.38 sd gives PSI ≈ 0.38² ≈ 0.14: moderate.
        var numeric = Enumerable.Range(0, 3).ToDictionary(i => $"f{i}", i => Normal(5000, 0, i));
        var shifted = Enumerable.Range(0, 3).ToDictionary(i => $"f{i}", i => Normal(5000, i == 0 ? 0.38 : 0, 20 + i));

        var report = DriftAnalyzer.Analyze(Window(numeric), Window(shifted));

        Assert.Equal(DriftSeverity.Moderate, report.Features[0].Severity);
        Assert.Equal(RecommendationKind.Monitor, report.Recommendation.Kind);
    }

    [Fact]
    public void Features_are_ordered_by_severity_then_psi()
    {
        var reference = Window(new() { ["small"] = Uniform(3000, 0, 1, 1), ["big"] = Uniform(3000, 0, 1, 2), ["none"] = Uniform(3000, 0, 1, 3) });
        var current = Window(new() { ["small"] = Uniform(3000, 0.15, 1.15, 4), ["big"] = Uniform(3000, 0.8, 1.8, 5), ["none"] = Uniform(3000, 0, 1, 6) });

        var report = DriftAnalyzer.Analyze(reference, current);

        Assert.Equal(["big", "small", "none"], report.Features.Select(f => f.Name));
    }

    [Fact]
    public void Categorical_feature_uses_chi_square_as_gate_and_reports_unseen_drift()
    {
        var reference = new DriftWindow { Categorical = new Dictionary<string, IReadOnlyList<string?>> { ["colour"] = [.. Enumerable.Repeat("red", 500), .. Enumerable.Repeat("blue", 500)] } };
        var current = new DriftWindow { Categorical = new Dictionary<string, IReadOnlyList<string?>> { ["colour"] = [.. Enumerable.Repeat("red", 300), .. Enumerable.Repeat("blue", 300), .. Enumerable.Repeat("green", 400)] } };

        var feature = Assert.Single(DriftAnalyzer.Analyze(reference, current).Features);

        Assert.Equal(FeatureKind.Categorical, feature.Kind);
        Assert.True(feature.PValue < 0.05);
        Assert.Equal(DriftSeverity.Critical, feature.Severity);
        Assert.NotNull(feature.ChiSquare);
        Assert.Null(feature.Ks);
    }

    [Fact]
    public void Feature_missing_from_current_window_is_not_counted_in_drift_share()
    {
        var reference = Window(new() { ["a"] = Uniform(500, 0, 1, 1), ["gone"] = Uniform(500, 0, 1, 2) });
        var current = Window(new() { ["a"] = Uniform(500, 0, 1, 3) });

        var report = DriftAnalyzer.Analyze(reference, current);

        Assert.Equal(1, report.EvaluatedFeatures);
        Assert.Equal(FeatureStatus.NotEnoughData, report.Features.Single(f => f.Name == "gone").Status);
    }

    [Fact]
    public void No_usable_data_recommends_collecting_more()
    {
        var report = DriftAnalyzer.Analyze(Window(new() { ["a"] = [1, 2] }), Window(new() { ["a"] = [3] }));

        Assert.Equal(RecommendationKind.NotEnoughData, report.Recommendation.Kind);
        Assert.False(report.DatasetDrift);
        Assert.Equal(0.0, report.DriftShare);
    }

    [Fact]
    public void Score_shift_is_concept_drift_with_positive_rate_change_and_recommends_retraining()
    {
        var features = new Dictionary<string, double[]> { ["a"] = Uniform(2000, 0, 1, 1) };
        var currentFeatures = new Dictionary<string, double[]> { ["a"] = Uniform(2000, 0, 1, 2) };

        var report = DriftAnalyzer.Analyze(Window(features, Uniform(2000, 0, 0.8, 3)), Window(currentFeatures, Uniform(2000, 0.3, 1, 4)));

        Assert.NotNull(report.Concept);
        Assert.True(report.Concept.Drifted);
        Assert.Equal(0.375, report.Concept.PositiveRateReference!.Value, 1);
        Assert.True(report.Concept.PositiveRateChange > 0.3);
        Assert.Equal(RecommendationKind.Retrain, report.Recommendation.Kind);
    }
}
