using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Tests.Unit.Drift;

public sealed class KolmogorovSmirnovTests
{
    private const double Tolerance = 1e-6;
    private const string File = "ks_cases.json";

    public static TheoryData<string, int> KsCases => ReferenceData.Names(File);

    public static TheoryData<string, int> KstwoCases => ReferenceData.Names("kstwo_cases.json");

    [Theory]
    [MemberData(nameof(KsCases))]
    public void Ks_matches_scipy_ks_2samp(string name, int index)
    {
        var c = ReferenceData.Cases(File)[index];
        var a = ReferenceData.Sample(c.GetProperty("a"));
        var b = ReferenceData.Sample(c.GetProperty("b"));

        var result = KolmogorovSmirnov.TwoSample(a, b);

        Assert.True(Math.Abs(c.GetProperty("statistic").GetDouble() - result.Statistic) <= Tolerance, $"{name}: D {result.Statistic}");
        Assert.True(Math.Abs(c.GetProperty("pvalue").GetDouble() - result.PValue) <= Tolerance, $"{name}: p {result.PValue} vs {c.GetProperty("pvalue").GetDouble()}");
        Assert.Equal(c.GetProperty("method").GetString(), result.Method);
    }

    [Theory]
    [MemberData(nameof(KstwoCases))]
    public void Kolmogorov_distribution_matches_scipy_kstwo_and_smirnov(string name, int index)
    {
        var c = ReferenceData.Cases("kstwo_cases.json")[index];
        var n = c.GetProperty("n").GetInt32();
        var x = c.GetProperty("x").GetDouble();
        if (c.TryGetProperty("sf", out var sf))
        {
            var actual = KolmogorovDistribution.Survival(n, x);
            Assert.True(Math.Abs(sf.GetDouble() - actual) <= Tolerance, $"{name} n={n} x={x}: {actual} vs {sf.GetDouble()}");
        }
        else
        {
            var expected = c.GetProperty("smirnov").GetDouble();
            var actual = SmirnovDistribution.Survival(n, x);
            Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{name} n={n} x={x}: {actual} vs {expected}");
        }
    }

    [Fact]
    public void Ks_matches_scipy_for_many_ties()
    {
        // scipy: ks_2samp([0,0,0,1,1], [0,1,1,1,1,1]) -> D = 0.4333..., exact
        var result = KolmogorovSmirnov.TwoSample([0, 0, 0, 1, 1], [0, 1, 1, 1, 1, 1]);

        Assert.Equal(0.6 - (1.0 / 6), result.Statistic, 12);
        Assert.Equal(KsResult.Exact, result.Method);
    }

    [Fact]
    public void Ks_sorted_fast_path_equals_unsorted_entry_point()
    {
        double[] a = [3.1, -1, 2, 2, 8, 0.5];
        double[] b = [1, 1, 7, -3, 2.5];
        var sortedA = a.Order().ToArray();
        var sortedB = b.Order().ToArray();

        Assert.Equal(KolmogorovSmirnov.TwoSample(a, b), KolmogorovSmirnov.TwoSampleSorted(sortedA, sortedB));
    }

    [Fact]
    public void Ks_rejects_empty_samples_and_nan()
    {
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([], [1.0]));
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([double.NaN, 1], [1.0, 2]));
    }
}
