namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// A column of numbers as a window is read, in one contiguous run of <see cref="PageMemory"/> outside the GC: its length
/// need not be known in advance (the capacity doubles; on Linux the pages move instead of being copied, and only the
/// pages written are resident, so the column costs its values rounded up to a page), the upload's analysis sorts it in
/// place (<see cref="CompactFinite"/>), and <see cref="Dispose"/> gives the memory back to the operating system at once
/// instead of leaving garbage for a later collection. One owner at a time; the finalizer frees a column whose owner
/// forgot to.
/// </summary>
internal sealed unsafe class DoubleColumn : IDisposable
{
    /// <summary>Values the first allocation holds (64 KiB): small windows stay small, large ones double from here.</summary>
    internal const int InitialCapacity = 1 << 13;

    private double* values;

    ~DoubleColumn() => Free();

    public int Count { get; private set; }

    /// <summary>Values the column's memory can hold: at most twice <see cref="Count"/> (or the first allocation); unwritten pages of it are not resident.</summary>
    public int Capacity { get; private set; }

    public void Add(double value)
    {
        if (Count == Capacity)
        {
            Grow();
        }

        values[Count++] = value;
    }

    /// <summary>
    /// Moves the finite values, in order, to the front of the column's own memory and returns them; NaN and infinities
    /// (missing or unusable values) are dropped. The span is the column's memory: sort it in place, read it, and
    /// dispose of the column when done. <see cref="Count"/> becomes the number of finite values.
    /// </summary>
    public Span<double> CompactFinite()
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            var v = values[i];
            if (double.IsFinite(v))
            {
                values[kept++] = v;
            }
        }

        Count = kept;
        return new Span<double>(values, kept);
    }

    /// <summary>An exact array of the values (for callers that keep a <see cref="Analysis.DriftWindow"/>); frees the column.</summary>
    public double[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<double>(Count);
        new ReadOnlySpan<double>(values, Count).CopyTo(result);
        Dispose();
        return result;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Grow()
    {
        var capacity = Capacity == 0 ? InitialCapacity : checked(Capacity * 2);
        var bytes = (nuint)capacity * sizeof(double);
        values = values is null
            ? (double*)PageMemory.Allocate(bytes)
            : (double*)PageMemory.Resize(values, (nuint)Capacity * sizeof(double), bytes);
        Capacity = capacity;
    }

    private void Free()
    {
        PageMemory.Free(values, (nuint)Capacity * sizeof(double));
        values = null;
        Capacity = 0;
        Count = 0;
    }
}
