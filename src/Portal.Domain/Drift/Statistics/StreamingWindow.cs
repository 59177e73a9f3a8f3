namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Accumulates a current window chunk by chunk against a fixed <see cref="ReferenceSketch"/>. Each chunk is
/// copied (up to <see cref="BufferSize"/> values at a time), radix-sorted and merged with the grid and the PSI
/// edges, O(chunk + grid). Memory is the sketch-sized counts plus three fixed buffers, so it does not grow with
/// the window. Not thread-safe: one accumulator per feature and thread.
/// <para>
/// The first Wasserstein distance W1 = ∫ |F_ref − F_cur| dx comes from the same pass: per grid cell the current values'
/// Σ (g_k − v) (below the reference minimum Σ (g_0 − v), above its maximum Σ (v − g_last)). With the reference's
/// <see cref="ReferenceSketch.CellGaps"/> that gives the exact integral D_k of F_ref − F_cur over every cell, and the
/// exact tails (there F_ref is 0 or 1). Where the two ECDFs' ranges over a cell do not overlap the difference keeps its
/// sign, so ∫|·| = |D_k| exactly; elsewhere ∫|·| = D_k + 2∫(F_cur − F_ref)⁺ = −D_k + 2∫(F_ref − F_cur)⁺ lies in
/// [|D_k|, U_k], each positive part bounded by w·max(0, c_k − a_{k−1}) (resp. w·max(0, a_k − c_{k−1})) and by
/// w·max(0, c_{k−1} − a_{k−1}) plus the current's gap sum (resp. the reference's) — w the cell width, a and c the two
/// ECDFs at its ends. The result takes the middle of each interval, and the error bound is half their summed widths:
/// at most Σ w·(Δa + Δc) over the cells where the ECDFs cross, small because a cell holds about 1/grid size of the
/// reference; cells whose mass sits at their right end (ties, discrete values) add nothing to it.
/// </para>
/// </summary>
public sealed class StreamingWindow(ReferenceSketch sketch)
{
    public const int BufferSize = 65_536;

    private readonly long[] _gridCounts = new long[sketch.Grid.Length + 1];
    private readonly double[] _gridGaps = new double[sketch.Grid.Length + 1];
    private readonly long[] _psiCounts = new long[sketch.PsiEdges.Length + 1];
    private readonly double[] _buffer = new double[BufferSize];
    private readonly ulong[] _keys = new ulong[BufferSize];
    private readonly ulong[] _scratch = new ulong[BufferSize];
    private long _count;
    private long _missing;

    public void Add(ReadOnlySpan<double> chunk)
    {
        var filled = 0;
        foreach (var value in chunk)
        {
            if (!double.IsFinite(value))
            {
                _missing++;
                continue;
            }

            _buffer[filled++] = value;
            if (filled == BufferSize)
            {
                Count(filled);
                filled = 0;
            }
        }

        if (filled > 0)
        {
            Count(filled);
        }
    }

    private void Count(int length)
    {
        var sorted = _buffer.AsSpan(0, length);
        if (length < RadixSort.MinimumLength)
        {
            sorted.Sort();
        }
        else
        {
            RadixSort.Sort(sorted, _keys, _scratch);
        }

        CountGrid(sorted);
        CountInto(sorted, sketch.PsiEdges, _psiCounts);
        _count += length;
    }

    /// <summary>As <see cref="CountInto"/> on the grid, adding each value's distance to its cell's right end (past the last point: to it).</summary>
    private void CountGrid(ReadOnlySpan<double> sorted)
    {
        var grid = sketch.Grid;
        var cell = 0;
        foreach (var value in sorted)
        {
            while (cell < grid.Length && grid[cell] < value)
            {
                cell++;
            }

            _gridCounts[cell]++;
            _gridGaps[cell] += cell < grid.Length ? grid[cell] - value : value - grid[^1];
        }
    }

    /// <summary>Right-closed cells: value v goes to the first edge ≥ v (the last cell is open to +∞).</summary>
    private static void CountInto(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges, long[] counts)
    {
        var cell = 0;
        foreach (var value in sorted)
        {
            while (cell < edges.Length && edges[cell] < value)
            {
                cell++;
            }

            counts[cell]++;
        }
    }

    public StreamingDriftResult Result()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("No current values were added.");
        }

        // Cell k counts values in (g_{k−1}, g_k]; the running sum is the current ECDF at g_k.
        var d = 0.0;
        long atOrBelow = 0;
        for (var k = 0; k < sketch.Grid.Length; k++)
        {
            atOrBelow += _gridCounts[k];
            d = Math.Max(d, Math.Abs(sketch.GridCdf[k] - ((double)atOrBelow / _count)));
        }

        var ks = KolmogorovSmirnov.Asymptotic(d, sketch.ReferenceCount, _count);
        var psi = PopulationStabilityIndex.FromCounts(sketch.PsiEdges, sketch.PsiReferenceCounts, (long[])_psiCounts.Clone());
        var (wasserstein, bound) = WassersteinFromCells();
        return new StreamingDriftResult(ks, sketch.KsErrorBound, psi, _count, _missing, wasserstein, bound);
    }

    /// <summary>W1 and its error bound from the grid cells (see the class summary).</summary>
    private (double Distance, double Bound) WassersteinFromCells()
    {
        var grid = sketch.Grid;
        var a = sketch.GridCdf;
        double n = _count;

        // Below the reference minimum F_ref = 0, above its maximum F_ref = 1: both tails are exact.
        var total = (_gridGaps[0] + _gridGaps[grid.Length]) / n;
        var slack = 0.0;
        long atOrBelow = _gridCounts[0];
        for (var k = 1; k < grid.Length; k++)
        {
            var c0 = atOrBelow / n;
            atOrBelow += _gridCounts[k];
            var c1 = atOrBelow / n;
            var width = grid[k] - grid[k - 1];
            var cellGap = sketch.CellGaps.Length > k ? sketch.CellGaps[k] : 0;
            var d = (width * (a[k - 1] - c0)) + cellGap - (_gridGaps[k] / n);
            if (a[k] <= c0 || c1 <= a[k - 1])
            {
                total += Math.Abs(d);
                continue;
            }

            // ∫|d| = D + 2∫d⁻ = −D + 2∫d⁺. The parts are bounded by how far each ECDF can climb inside the cell (a − c at
            // its ends), and by the exact area each ECDF adds above its left value (the gap sums): mass sitting at the
            // cell's right end (ties, discrete data) adds none, so such cells come out exact.
            var currentGap = _gridGaps[k] / n;
            var below = Math.Min(width * Math.Max(0, c1 - a[k - 1]), (width * Math.Max(0, c0 - a[k - 1])) + currentGap);
            var above = Math.Min(width * Math.Max(0, a[k] - c0), (width * Math.Max(0, a[k - 1] - c0)) + cellGap);
            var lower = Math.Abs(d);
            var upper = Math.Max(lower, Math.Min(d + (2 * below), -d + (2 * above)));
            total += (lower + upper) / 2;
            slack += (upper - lower) / 2;
        }

        return (total, slack);
    }
}
