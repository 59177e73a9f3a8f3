using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Tests.Unit.Drift;

/// <summary>
/// The streamed first Wasserstein distance against the exact one (<see cref="Wasserstein.Distance"/>, as scipy's
/// wasserstein_distance) on the same data: within the error bound the stream reports, and that bound small.
/// </summary>
public sealed class StreamingWassersteinTests
{
    private static double[] Normal(int n, int seed, double shift = 0, double scale = 1, int decimals = 6)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => Math.Round(shift + (scale * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())), decimals))];
    }

    private static StreamingDriftResult Stream(double[] reference, double[] current, int chunk = 997)
    {
        var sorted = reference.Where(double.IsFinite).Order().ToArray();
        var window = new StreamingWindow(ReferenceSketch.FromSorted(sorted));
        for (var i = 0; i < current.Length; i += chunk)
        {
            window.Add(current.AsSpan(i, Math.Min(chunk, current.Length - i)));
        }

        return window.Result();
    }

    public static TheoryData<string, double[], double[]> Cases() => new()
    {
        { "same distribution, reference below the grid size", Normal(1500, 1), Normal(1200, 2) },
        { "shifted by one deviation", Normal(1500, 3), Normal(1300, 4, shift: 1) },
        { "reference larger than the grid (20,000 rows)", Normal(20_000, 5), Normal(15_000, 6, shift: 0.2, scale: 1.3) },
        { "current far outside the reference range", Normal(2000, 7), Normal(900, 8, shift: 12) },
        { "heavy ties (integers 0-4)", Normal(5000, 9, decimals: 0).Select(Math.Abs).ToArray(), Normal(4000, 10, shift: 0.5, decimals: 0).Select(Math.Abs).ToArray() },
        { "missing values are left out", [.. Normal(1000, 11), double.NaN, double.NaN], [.. Normal(800, 12, shift: -0.3), double.NaN] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_streamed_distance_is_within_its_bound_of_the_exact_distance(string name, double[] reference, double[] current)
    {
        var exact = Wasserstein.Distance(reference.Where(double.IsFinite).ToArray(), current.Where(double.IsFinite).ToArray());
        var streamed = Stream(reference, current);

        // 1e-9: the two sums add the same areas in a different order (floating-point rounding only).
        Assert.True(Math.Abs(streamed.Wasserstein - exact) <= streamed.WassersteinErrorBound + 1e-9,
            $"{name}: streamed {streamed.Wasserstein} ± {streamed.WassersteinErrorBound}, exact {exact}");

        // The bound is useful: well below the scale on which drift is read (1 % of the reference deviation, or of W1).
        var deviation = MeanShift.MeanAndDeviation(reference.Where(double.IsFinite).Order().ToArray()).StandardDeviation;
        Assert.True(streamed.WassersteinErrorBound <= 0.01 * Math.Max(deviation, exact), $"{name}: bound {streamed.WassersteinErrorBound} against deviation {deviation}");
    }

    [Fact]
    public void Windows_whose_ecdfs_never_cross_inside_a_cell_are_exact()
    {
        // Every current value lies above the reference maximum: the whole distance is the exact upper tail.
        var reference = Normal(3000, 13);
        var current = Normal(3000, 14, shift: 20);
        var streamed = Stream(reference, current);

        Assert.Equal(0, streamed.WassersteinErrorBound);
        Assert.Equal(Wasserstein.Distance(reference, current), streamed.Wasserstein, 1e-9);
    }

    [Fact]
    public void A_constant_reference_gives_the_mean_absolute_distance_to_its_value()
    {
        var reference = Enumerable.Repeat(2.5, 100).ToArray();
        var current = Normal(500, 15, shift: 2.5);
        var streamed = Stream(reference, current);

        Assert.Equal(current.Average(v => Math.Abs(v - 2.5)), streamed.Wasserstein, 1e-9);
        Assert.Equal(0, streamed.WassersteinErrorBound);
    }
}
