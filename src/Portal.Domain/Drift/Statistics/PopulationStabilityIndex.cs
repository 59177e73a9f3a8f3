namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Population Stability Index, PSI = Σ_i (c_i − r_i) · ln(c_i / r_i) over bins, where r_i and c_i are the
/// reference and current proportions in bin i.
/// <list type="bullet">
/// <item>Numeric bins: inner edges at the reference quantiles i/bins, i = 1..bins−1 (numpy "linear" quantiles).
/// Ties can make edges coincide; duplicates are merged, so a heavily tied feature gets fewer bins. Bins are
/// right-closed, (e_{i−1}, e_i], the outermost ones open to −∞ and +∞, so no value falls outside.</item>
/// <item>Smoothing: a bin with zero count gets proportion <see cref="Epsilon"/> (not renormalised), which keeps
/// the logarithm finite; a current value beyond the reference range still lands in an outer bin.</item>
/// </list>
/// </summary>
public static class PopulationStabilityIndex
{
    /// <summary>Proportion given to an empty bin (1e-4, i.e. "one in ten thousand").</summary>
    public const double Epsilon = 1e-4;

    public const int DefaultBins = 10;

    /// <summary>Numeric PSI on unsorted samples (copies and sorts the reference only).</summary>
    public static PsiResult Numeric(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int bins = DefaultBins)
    {
        var sortedReference = reference.ToArray();
        Array.Sort(sortedReference);
        var edges = Edges(sortedReference, bins);
        var referenceCounts = CountSorted(sortedReference, edges);
        var currentCounts = new long[edges.Length + 1];
        foreach (var value in current)
        {
            currentCounts[BinOf(edges, value)]++;
        }

        return FromCounts(edges, referenceCounts, currentCounts);
    }

    /// <summary>Numeric PSI on samples sorted ascending: counting is a binary search per edge, O(bins·log n).</summary>
    public static PsiResult NumericSorted(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, int bins = DefaultBins)
    {
        var edges = Edges(sortedReference, bins);
        return FromCounts(edges, CountSorted(sortedReference, edges), CountSorted(sortedCurrent, edges));
    }

    /// <summary>Distinct inner edges at the reference quantiles i/bins, ascending.</summary>
    public static double[] Edges(ReadOnlySpan<double> sortedReference, int bins = DefaultBins)
    {
        if (bins < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), "PSI needs at least two bins.");
        }

        var edges = new List<double>(bins - 1);
        for (var i = 1; i < bins; i++)
        {
            var edge = Quantile.Linear(sortedReference, i / (double)bins);
            if (edges.Count == 0 || edge != edges[^1])
            {
                edges.Add(edge);
            }
        }

        return [.. edges];
    }

    /// <summary>Bin index of a value: the first edge ≥ value (right-closed bins).</summary>
    public static int BinOf(ReadOnlySpan<double> edges, double value)
    {
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Counts per bin of a sorted sample: the number of values ≤ each edge, differenced.</summary>
    public static long[] CountSorted(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges)
    {
        var counts = new long[edges.Length + 1];
        long previous = 0;
        for (var i = 0; i < edges.Length; i++)
        {
            long atOrBelow = SortedSearch.UpperBound(sorted, edges[i]);
            counts[i] = atOrBelow - previous;
            previous = atOrBelow;
        }

        counts[^1] = sorted.Length - previous;
        return counts;
    }

    /// <summary>PSI from bin counts of both windows (used by the report and by streaming sketches).</summary>
    public static PsiResult FromCounts(double[] edges, long[] referenceCounts, long[] currentCounts)
    {
        var referenceProportions = Proportions(referenceCounts);
        var currentProportions = Proportions(currentCounts);
        return new PsiResult(Index(referenceProportions, currentProportions), edges, referenceProportions, currentProportions);
    }

    /// <summary>Categorical PSI; missing values must already be removed by the caller.</summary>
    public static CategoricalPsiResult Categorical(IReadOnlyList<string> reference, IReadOnlyList<string> current)
    {
        var table = CategoryCounts.Build(reference, current);
        var referenceProportions = Proportions(table.Reference);
        var currentProportions = Proportions(table.Current);
        return new CategoricalPsiResult(
            Index(referenceProportions, currentProportions),
            table.Categories,
            referenceProportions,
            currentProportions,
            table.UnseenCategories);
    }

    private static double Index(double[] reference, double[] current)
    {
        var psi = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            psi += (current[i] - reference[i]) * Math.Log(current[i] / reference[i]);
        }

        return psi;
    }

    private static double[] Proportions(long[] counts)
    {
        var total = counts.Sum();
        return [.. counts.Select(c => c == 0 ? Epsilon : (double)c / total)];
    }
}
