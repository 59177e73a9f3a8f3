using ModelLifecycle.Domain.Drift.Analysis;

namespace ModelLifecycle.Tests.Unit.Drift;

/// <summary>
/// The significance gate applied inside the analyzer, per path (numeric feature, categorical feature, model score):
/// small windows whose PSI lands in a band while the test is not significant report the band as psiSeverity only.
/// Opening the gate (significance level near 1) on the same windows shows the band, so a bypass cannot pass.
/// </summary>
public sealed class SignificanceGateTests
{
    private static readonly DriftThresholds OpenGate = DriftThresholds.Default with { SignificanceLevel = 0.999 };

    private static double[] Uniform(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => random.NextDouble())];
    }

    [Fact]
    public void Numeric_feature_with_psi_band_but_insignificant_ks_is_not_drifted()
    {
        var reference = new DriftWindow { Numeric = new Dictionary<string, double[]> { ["x"] = Uniform(20, 1) } };
        var current = new DriftWindow { Numeric = new Dictionary<string, double[]> { ["x"] = Uniform(20, 2) } };

        var gated = Assert.Single(DriftAnalyzer.Analyze(reference, current).Features);
        var open = Assert.Single(DriftAnalyzer.Analyze(reference, current, OpenGate).Features);

        Assert.True(gated.PValue >= DriftThresholds.Default.SignificanceLevel, $"p = {gated.PValue}");
        Assert.True(gated.PsiSeverity >= DriftSeverity.Moderate, $"psi = {gated.Psi}");
        Assert.Equal(DriftSeverity.None, gated.Severity);
        Assert.False(gated.Drifted);
        Assert.Equal(gated.PsiSeverity, open.Severity);
        Assert.True(open.Drifted);
    }

    [Fact]
    public void Categorical_feature_with_psi_band_but_insignificant_chi_square_is_not_drifted()
    {
        var reference = new DriftWindow { Categorical = new Dictionary<string, IReadOnlyList<string?>> { ["plan"] = [.. Enumerable.Repeat("a", 10), .. Enumerable.Repeat("b", 10)] } };
        var current = new DriftWindow { Categorical = new Dictionary<string, IReadOnlyList<string?>> { ["plan"] = [.. Enumerable.Repeat("a", 14), .. Enumerable.Repeat("b", 6)] } };

        var gated = Assert.Single(DriftAnalyzer.Analyze(reference, current).Features);
        var open = Assert.Single(DriftAnalyzer.Analyze(reference, current, OpenGate).Features);

        Assert.True(gated.PValue >= DriftThresholds.Default.SignificanceLevel, $"p = {gated.PValue}");
        Assert.Equal(DriftSeverity.Moderate, gated.PsiSeverity);
        Assert.Equal(DriftSeverity.None, gated.Severity);
        Assert.False(gated.Drifted);
        Assert.Equal(DriftSeverity.Moderate, open.Severity);
        Assert.True(open.Drifted);
    }

    [Fact]
    public void Score_shift_with_psi_band_but_insignificant_ks_is_not_concept_drift()
    {
        var features = new Dictionary<string, double[]> { ["x"] = Uniform(200, 5) };
        var reference = new DriftWindow { Numeric = features, Scores = Uniform(20, 1) };
        var current = new DriftWindow { Numeric = features, Scores = Uniform(20, 2) };

        var gated = DriftAnalyzer.Analyze(reference, current).Concept!;
        var open = DriftAnalyzer.Analyze(reference, current, OpenGate).Concept!;

        Assert.True(gated.PValue >= DriftThresholds.Default.SignificanceLevel, $"p = {gated.PValue}");
        Assert.True(DriftThresholds.Default.SeverityOf(gated.Psi!.Value) >= DriftSeverity.Moderate, $"psi = {gated.Psi}");
        Assert.Equal(DriftSeverity.None, gated.Severity);
        Assert.False(gated.Drifted);
        Assert.Equal(DriftThresholds.Default.SeverityOf(open.Psi!.Value), open.Severity);
        Assert.True(open.Drifted);
    }
}
