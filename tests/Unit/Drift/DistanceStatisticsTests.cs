using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Tests.Unit.Drift;

public sealed class DistanceStatisticsTests
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string, int> PsiCases => ReferenceData.Names("psi_cases.json");

    public static TheoryData<string, int> CategoricalPsiCases => ReferenceData.Names("psi_categorical_cases.json");

    public static TheoryData<string, int> ChiSquareCases => ReferenceData.Names("chi2_cases.json");

    public static TheoryData<string, int> WassersteinCases => ReferenceData.Names("wasserstein_cases.json");

    [Theory]
    [MemberData(nameof(PsiCases))]
    public void Psi_matches_numpy_reference_quantile_bins(string name, int index)
    {
        var c = ReferenceData.Cases("psi_cases.json")[index];
        var reference = ReferenceData.Doubles(c.GetProperty("reference"));
        var current = ReferenceData.Doubles(c.GetProperty("current"));
        var bins = c.GetProperty("bins").GetInt32();

        var result = PopulationStabilityIndex.Numeric(reference, current, bins);
        var sorted = PopulationStabilityIndex.NumericSorted(reference.Order().ToArray(), current.Order().ToArray(), bins);

        Assert.Equal(ReferenceData.Doubles(c.GetProperty("edges")), result.Edges);
        AssertClose(ReferenceData.Doubles(c.GetProperty("referenceProportions")), result.ReferenceProportions, name);
        AssertClose(ReferenceData.Doubles(c.GetProperty("currentProportions")), result.CurrentProportions, name);
        Assert.True(Math.Abs(c.GetProperty("psi").GetDouble() - result.Value) <= Tolerance, $"{name}: {result.Value}");
        Assert.Equal(result.Value, sorted.Value, 12);
    }

    [Theory]
    [MemberData(nameof(CategoricalPsiCases))]
    public void Categorical_psi_matches_numpy_with_unseen_categories_in_own_bin(string name, int index)
    {
        var c = ReferenceData.Cases("psi_categorical_cases.json")[index];

        var result = PopulationStabilityIndex.Categorical(
            ReferenceData.Strings(c.GetProperty("reference")), ReferenceData.Strings(c.GetProperty("current")));

        Assert.Equal(ReferenceData.Strings(c.GetProperty("categories")), result.Categories);
        AssertClose(ReferenceData.Doubles(c.GetProperty("referenceProportions")), result.ReferenceProportions, name);
        AssertClose(ReferenceData.Doubles(c.GetProperty("currentProportions")), result.CurrentProportions, name);
        Assert.True(Math.Abs(c.GetProperty("psi").GetDouble() - result.Value) <= Tolerance, $"{name}: {result.Value}");
    }

    [Theory]
    [MemberData(nameof(ChiSquareCases))]
    public void Chi_square_matches_scipy_chi2_contingency(string name, int index)
    {
        var c = ReferenceData.Cases("chi2_cases.json")[index];

        var result = ChiSquareHomogeneity.Test(ReferenceData.Longs(c.GetProperty("reference")), ReferenceData.Longs(c.GetProperty("current")));

        Assert.Equal(c.GetProperty("dof").GetInt32(), result.DegreesOfFreedom);
        Assert.True(Math.Abs(c.GetProperty("statistic").GetDouble() - result.Statistic) <= Tolerance, $"{name}: {result.Statistic}");
        Assert.True(Math.Abs(c.GetProperty("pvalue").GetDouble() - result.PValue) <= Tolerance, $"{name}: {result.PValue}");
    }

    [Theory]
    [MemberData(nameof(WassersteinCases))]
    public void Wasserstein_and_mean_shift_match_scipy(string name, int index)
    {
        var c = ReferenceData.Cases("wasserstein_cases.json")[index];
        var reference = ReferenceData.Doubles(c.GetProperty("reference"));
        var current = ReferenceData.Doubles(c.GetProperty("current"));

        var distance = Wasserstein.Distance(reference, current);
        var (_, deviation) = MeanShift.MeanAndDeviation(reference);

        Assert.True(Math.Abs(c.GetProperty("distance").GetDouble() - distance) <= Tolerance, $"{name}: {distance}");
        AssertNullableClose(ReferenceData.NullableDouble(c.GetProperty("normalized")), Wasserstein.Normalized(distance, deviation), name);
        AssertNullableClose(ReferenceData.NullableDouble(c.GetProperty("meanShift")), MeanShift.InReferenceDeviations(reference, current), name);
    }

    [Fact]
    public void Psi_merges_duplicate_edges_from_ties()
    {
        double[] reference = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2];

        var edges = PopulationStabilityIndex.Edges(reference.Order().ToArray(), 10);

        Assert.Equal(edges.Distinct().Count(), edges.Length);
        Assert.Equal(0.0, edges[0]);
    }

    [Fact]
    public void Psi_of_identical_windows_is_zero()
    {
        double[] sample = [.. Enumerable.Range(0, 100).Select(i => i * 0.37)];

        Assert.Equal(0.0, PopulationStabilityIndex.Numeric(sample, sample).Value, 12);
    }

    [Fact]
    public void Chi_square_with_one_category_is_not_significant()
    {
        var result = ChiSquareHomogeneity.Test([10], [7]);

        Assert.Equal(new ChiSquareResult(0, 0, 1.0), result);
    }

    private static void AssertClose(double[] expected, IReadOnlyList<double> actual, string name)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12, $"{name}: bin {i} {actual[i]} vs {expected[i]}");
        }
    }

    private static void AssertNullableClose(double? expected, double? actual, string name)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected.HasValue)
        {
            Assert.True(Math.Abs(expected.Value - actual!.Value) <= Tolerance, $"{name}: {actual} vs {expected}");
        }
    }
}
