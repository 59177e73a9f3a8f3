using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Tests.Unit.Drift;

public sealed class FeatureDriftTests
{
    private static double[] Normal(int n, double shift, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ =>
            shift + (Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];
    }

    [Fact]
    public void Missing_numeric_values_are_counted_and_not_fed_to_statistics()
    {
        var reference = Normal(200, 0, 1);
        var current = Normal(150, 0.3, 2);
        double[] referenceWithGaps = [.. reference, double.NaN, double.NaN, double.PositiveInfinity];
        double[] currentWithGaps = [double.NaN, .. current];

        var clean = FeatureDrift.Numeric(reference, current);
        var gapped = FeatureDrift.Numeric(referenceWithGaps, currentWithGaps);

        Assert.Equal(new MissingCounts(3, 1), gapped.Missing);
        Assert.Equal(clean.Ks, gapped.Ks);
        Assert.Equal(clean.Psi!.Value, gapped.Psi!.Value);
        Assert.Equal(clean.Wasserstein, gapped.Wasserstein);
        Assert.Equal(200, gapped.ReferenceCount);
    }

    [Fact]
    public void Empty_window_reports_not_enough_data_without_statistics()
    {
        var result = FeatureDrift.Numeric(Normal(100, 0, 3), []);

        Assert.Equal(FeatureStatus.NotEnoughData, result.Status);
        Assert.Null(result.Ks);
        Assert.Null(result.Psi);
        Assert.Contains("not enough data", result.StatusDetail);
    }

    [Fact]
    public void Window_below_minimum_size_reports_not_enough_data()
    {
        var result = FeatureDrift.Numeric(Normal(100, 0, 3), [1, 2, 3, double.NaN], new DriftOptions { MinimumSamples = 4 });

        Assert.Equal(FeatureStatus.NotEnoughData, result.Status);
        Assert.Equal(1, result.Missing.Current);
    }

    [Fact]
    public void Constant_reference_reports_constant_and_leaves_scaled_statistics_null()
    {
        var result = FeatureDrift.Numeric(Enumerable.Repeat(2.0, 50).ToArray(), Normal(50, 2, 4));

        Assert.Equal(FeatureStatus.Constant, result.Status);
        Assert.Null(result.MeanShift);
        Assert.Null(result.WassersteinNormalized);
        Assert.NotNull(result.Ks);
        Assert.False(double.IsNaN(result.Psi!.Value));
        Assert.False(double.IsNaN(result.Ks.PValue));
    }

    [Fact]
    public void Identical_constant_windows_show_no_drift()
    {
        var result = FeatureDrift.Numeric(Enumerable.Repeat(1.0, 20).ToArray(), Enumerable.Repeat(1.0, 30).ToArray());

        Assert.Equal(FeatureStatus.Constant, result.Status);
        Assert.Equal(0.0, result.Ks!.Statistic);
        Assert.Equal(1.0, result.Ks.PValue);
        Assert.Equal(0.0, result.Psi!.Value, 12);
    }

    [Fact]
    public void Missing_categorical_values_are_null_or_empty_and_counted()
    {
        string?[] reference = [.. Enumerable.Repeat<string?>("a", 20), .. Enumerable.Repeat<string?>("b", 20), null, ""];
        string?[] current = [.. Enumerable.Repeat<string?>("a", 10), .. Enumerable.Repeat<string?>("c", 10), null];

        var result = FeatureDrift.Categorical(reference, current);

        Assert.Equal(new MissingCounts(2, 1), result.Missing);
        Assert.Equal(["a", "b", "c"], result.Psi!.Categories);
        Assert.Equal(["c"], result.Psi.UnseenCategories);
        Assert.Equal(2, result.ChiSquare!.DegreesOfFreedom);
    }

    [Fact]
    public void Single_category_in_both_windows_is_constant_and_not_significant()
    {
        var result = FeatureDrift.Categorical(Enumerable.Repeat<string?>("x", 15).ToList(), Enumerable.Repeat<string?>("x", 12).ToList());

        Assert.Equal(FeatureStatus.Constant, result.Status);
        Assert.Equal(1.0, result.ChiSquare!.PValue);
        Assert.Equal(0.0, result.Psi!.Value, 12);
    }
}
