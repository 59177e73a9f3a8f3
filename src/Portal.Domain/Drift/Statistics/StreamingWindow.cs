namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Accumulates a current window chunk by chunk against a fixed <see cref="ReferenceSketch"/>. Each chunk is
/// copied (up to <see cref="BufferSize"/> values at a time), radix-sorted and merged with the grid and the PSI
/// edges, O(chunk + grid). Memory is the sketch-sized counts plus three fixed buffers, so it does not grow with
/// the window. Not thread-safe: one accumulator per feature and thread.
/// </summary>
public sealed class StreamingWindow(ReferenceSketch sketch)
{
    public const int BufferSize = 65_536;

    private readonly long[] _gridCounts = new long[sketch.Grid.Length + 1];
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

        CountInto(sorted, sketch.Grid, _gridCounts);
        CountInto(sorted, sketch.PsiEdges, _psiCounts);
        _count += length;
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
        return new StreamingDriftResult(ks, sketch.KsErrorBound, psi, _count, _missing);
    }
}
