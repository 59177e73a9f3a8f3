using System.Buffers;

namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Per-feature entry point: removes missing values (counting them), checks the windows are usable, and computes
/// every statistic for the feature's kind. Empty, too small or constant windows give a status, never NaN or an
/// exception.
/// </summary>
public static class FeatureDrift
{
    /// <summary>KS, PSI, mean shift and Wasserstein of a numeric feature; NaN and ±∞ count as missing.</summary>
    public static NumericFeatureStatistics Numeric(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, DriftOptions? options = null)
    {
        options ??= DriftOptions.Default;

        // The sorted copies live only for this call: pooled, so a million-row window leaves no large-object garbage.
        var referenceBuffer = SortedFinite(reference, out var referenceCount);
        var currentBuffer = SortedFinite(current, out var currentCount);
        try
        {
            return NumericSorted(referenceBuffer.AsSpan(0, referenceCount), currentBuffer.AsSpan(0, currentCount), reference.Length, current.Length, options);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(referenceBuffer);
            ArrayPool<double>.Shared.Return(currentBuffer);
        }
    }

    /// <summary>
    /// The same statistics from the finite values of both windows already sorted ascending (as <see cref="RadixSort"/>
    /// sorts them) and the windows' full lengths (the difference is the missing count).
    /// </summary>
    internal static NumericFeatureStatistics NumericSorted(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, int referenceLength, int currentLength, DriftOptions options)
    {
        var missing = new MissingCounts(referenceLength - sortedReference.Length, currentLength - sortedCurrent.Length);

        var shortage = Shortage(sortedReference.Length, sortedCurrent.Length, options);
        if (shortage is not null)
        {
            return new NumericFeatureStatistics(FeatureStatus.NotEnoughData, shortage, missing,
                sortedReference.Length, sortedCurrent.Length, null, null, null, null, null);
        }

        var ks = KolmogorovSmirnov.TwoSampleSorted(sortedReference, sortedCurrent);
        var psi = PopulationStabilityIndex.NumericSorted(sortedReference, sortedCurrent, options.Bins);
        var (referenceMean, referenceDeviation) = MeanShift.MeanAndDeviation(sortedReference);
        var (currentMean, _) = MeanShift.MeanAndDeviation(sortedCurrent);
        var wasserstein = Wasserstein.DistanceSorted(sortedReference, sortedCurrent);
        double? meanShift = referenceDeviation > 0 ? (currentMean - referenceMean) / referenceDeviation : null;

        var referenceConstant = sortedReference[0] == sortedReference[^1];
        var currentConstant = sortedCurrent[0] == sortedCurrent[^1];
        var (status, detail) = (referenceConstant, currentConstant) switch
        {
            (true, true) => (FeatureStatus.Constant, "both windows are constant"),
            (true, false) => (FeatureStatus.Constant, "reference window is constant; mean shift and normalised Wasserstein undefined"),
            (false, true) => (FeatureStatus.Constant, "current window is constant"),
            _ => (FeatureStatus.Ok, "ok"),
        };

        return new NumericFeatureStatistics(status, detail, missing, sortedReference.Length, sortedCurrent.Length,
            ks, psi, meanShift, wasserstein, Wasserstein.Normalized(wasserstein, referenceDeviation));
    }

    /// <summary>Chi-square and categorical PSI; null or empty strings count as missing.</summary>
    public static CategoricalFeatureStatistics Categorical(IReadOnlyList<string?> reference, IReadOnlyList<string?> current, DriftOptions? options = null)
    {
        options ??= DriftOptions.Default;
        var presentReference = Present(reference);
        var presentCurrent = Present(current);
        var missing = new MissingCounts(reference.Count - presentReference.Count, current.Count - presentCurrent.Count);

        var shortage = Shortage(presentReference.Count, presentCurrent.Count, options);
        if (shortage is not null)
        {
            return new CategoricalFeatureStatistics(FeatureStatus.NotEnoughData, shortage, missing,
                presentReference.Count, presentCurrent.Count, null, null);
        }

        var table = CategoryCounts.Build(presentReference, presentCurrent);
        var chiSquare = ChiSquareHomogeneity.Test(table.Reference, table.Current);
        var psi = PopulationStabilityIndex.Categorical(presentReference, presentCurrent);
        var (status, detail) = table.Categories.Count == 1
            ? (FeatureStatus.Constant, "both windows hold a single category")
            : (FeatureStatus.Ok, "ok");
        return new CategoricalFeatureStatistics(status, detail, missing, presentReference.Count, presentCurrent.Count, chiSquare, psi);
    }

    private static string? Shortage(int referenceCount, int currentCount, DriftOptions options) =>
        referenceCount < options.MinimumSamples || currentCount < options.MinimumSamples
            ? $"not enough data: {referenceCount} reference and {currentCount} current values, at least {options.MinimumSamples} each needed"
            : null;

    private static double[] SortedFinite(ReadOnlySpan<double> values, out int count)
    {
        var kept = ArrayPool<double>.Shared.Rent(Math.Max(1, values.Length));
        count = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                kept[count++] = v;
            }
        }

        RadixSort.Sort(kept.AsSpan(0, count));
        return kept;
    }

    private static List<string> Present(IReadOnlyList<string?> values) =>
        [.. values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];
}
