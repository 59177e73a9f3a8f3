namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// A fixed-size summary of a numeric reference window for streaming drift checks: a grid of reference order
/// statistics with the exact reference ECDF at each grid value, and the PSI edges with reference bin counts.
/// Its size depends only on the grid size and bin count, never on either window's length.
/// <see cref="KsErrorBound"/>: a current window compared on the grid gives D_grid ≤ D ≤ D_grid + KsErrorBound,
/// where the bound is the largest reference probability mass in one grid cell (g_{k−1}, g_k] (or at/below the
/// first grid value) — about 1/grid size for data without heavy ties. Proof sketch: between grid points the
/// reference ECDF moves by at most that mass while the current ECDF is monotone, so neither difference can
/// exceed its value at a neighbouring grid point by more.
/// <see cref="CellGaps"/> carries, per grid cell, what the first Wasserstein distance needs of the reference inside it
/// (see <see cref="StreamingWindow"/>).
/// </summary>
public sealed record ReferenceSketch(
    double[] Grid,
    double[] GridCdf,
    double[] PsiEdges,
    long[] PsiReferenceCounts,
    long ReferenceCount,
    double KsErrorBound)
{
    public const int DefaultGridSize = 4096;

    /// <summary>
    /// Per grid cell k (values in (g_{k−1}, g_k]): (1/n)·Σ (g_k − v) over the reference values v in it, so that the area
    /// under the reference ECDF over the cell is (g_k − g_{k−1})·F(g_{k−1}) + CellGaps[k] exactly. Cell 0 holds only
    /// the minimum, so its entry is 0.
    /// </summary>
    public double[] CellGaps { get; init; } = [];

    /// <summary>Builds the sketch from a reference sample sorted ascending (non-empty, no NaN).</summary>
    public static ReferenceSketch FromSorted(ReadOnlySpan<double> sortedReference, int gridSize = DefaultGridSize, int bins = PopulationStabilityIndex.DefaultBins)
    {
        if (sortedReference.IsEmpty || gridSize < 2)
        {
            throw new ArgumentException("A sketch needs a non-empty reference and at least two grid points.");
        }

        var n = sortedReference.Length;
        var grid = new List<double>(gridSize);
        var cdf = new List<double>(gridSize);
        var bound = 0.0;
        var previousCdf = 0.0;
        for (var k = 0; k < gridSize; k++)
        {
            var value = sortedReference[(int)((long)k * (n - 1) / (gridSize - 1))];
            if (grid.Count > 0 && value == grid[^1])
            {
                continue;
            }

            var at = SortedSearch.UpperBound(sortedReference, value) / (double)n;
            bound = Math.Max(bound, at - previousCdf);
            previousCdf = at;
            grid.Add(value);
            cdf.Add(at);
        }

        var gaps = new double[grid.Count];
        var cell = 0;
        foreach (var v in sortedReference)
        {
            while (grid[cell] < v)
            {
                cell++;
            }

            gaps[cell] += grid[cell] - v;
        }

        for (var k = 0; k < gaps.Length; k++)
        {
            gaps[k] /= n;
        }

        var edges = PopulationStabilityIndex.Edges(sortedReference, bins);
        return new ReferenceSketch([.. grid], [.. cdf], edges, PopulationStabilityIndex.CountSorted(sortedReference, edges), n, bound) { CellGaps = gaps };
    }
}
