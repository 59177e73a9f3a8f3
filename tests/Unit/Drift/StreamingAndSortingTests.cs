using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Tests.Unit.Drift;

public sealed class StreamingAndSortingTests
{
    private static double[] Sample(int n, double shift, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => shift + Math.Round(random.NextDouble() * 10 - 5, 3))];
    }

    [Fact]
    public void Radix_sort_orders_like_array_sort_including_negatives_and_zeros()
    {
        double[] values = [.. Sample(20_000, 0, 1), -0.0, 0.0, double.MaxValue, double.MinValue, 1e-300, -1e-300];
        var expected = values.Order().ToArray();

        RadixSort.Sort(values);

        Assert.Equal(expected, values);
    }

    [Fact]
    public void Streaming_ks_stays_within_documented_bound_and_psi_is_exact()
    {
        var reference = Sample(50_000, 0, 2);
        var current = Sample(30_000, 0.2, 3);
        var sortedReference = reference.Order().ToArray();
        var sketch = ReferenceSketch.FromSorted(sortedReference, gridSize: 512);
        var window = new StreamingWindow(sketch);

        for (var start = 0; start < current.Length; start += 7_000)
        {
            window.Add(current.AsSpan(start, Math.Min(7_000, current.Length - start)));
        }

        var streamed = window.Result();
        var exact = KolmogorovSmirnov.TwoSample(reference, current);
        var batchPsi = PopulationStabilityIndex.Numeric(reference, current);

        Assert.InRange(exact.Statistic - streamed.Ks.Statistic, -1e-12, streamed.KsErrorBound);
        Assert.Equal(batchPsi.Value, streamed.Psi.Value, 12);
        Assert.Equal(30_000, streamed.CurrentCount);
    }
}
