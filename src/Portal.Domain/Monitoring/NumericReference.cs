using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// A numeric reference column reduced to what a streamed comparison needs: its <see cref="ReferenceSketch"/> (KS grid,
/// PSI edges and counts), mean and deviation (mean shift), and a histogram over its range for the charts. Fixed size.
/// </summary>
public sealed record NumericReference(
    ReferenceSketch? Sketch,
    int Count,
    long Missing,
    double Mean,
    double StandardDeviation,
    bool Constant,
    double[] HistogramEdges,
    long[] HistogramCounts)
{
    public const int HistogramBins = Drift.FeatureDistribution.HistogramBins;

    public static NumericReference From(ReadOnlySpan<double> values, int bins)
    {
        var finite = new double[values.Length];
        var n = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                finite[n++] = v;
            }
        }

        Array.Resize(ref finite, n);
        var missing = values.Length - n;
        if (n == 0)
        {
            return new NumericReference(null, 0, missing, 0, 0, false, [], []);
        }

        RadixSort.Sort(finite);
        var (mean, deviation) = MeanShift.MeanAndDeviation(finite);
        var min = finite[0];
        var max = finite[^1];
        var histogramBins = max > min ? HistogramBins : 1;
        var width = max > min ? (max - min) / histogramBins : 1.0;
        var edges = Enumerable.Range(0, histogramBins + 1).Select(i => i == histogramBins ? (max > min ? max : min + 1) : min + (i * width)).ToArray();
        var counts = new long[histogramBins];
        foreach (var v in finite)
        {
            counts[HistogramBin(edges, v)]++;
        }

        return new NumericReference(ReferenceSketch.FromSorted(finite, bins: bins), n, missing, mean, deviation, min == max, edges, counts);
    }

    /// <summary>Equal-width bin of a value; values beyond the reference range go to the outer bins.</summary>
    public static int HistogramBin(double[] edges, double value)
    {
        var bins = edges.Length - 1;
        var width = (edges[^1] - edges[0]) / bins;
        return Math.Clamp((int)((value - edges[0]) / width), 0, bins - 1);
    }
}
