using System.Buffers;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// A column of numbers held in fixed blocks of 16 Ki values (128 KiB) rented from the shared pool while a window is
/// read: its length need not be known in advance, growth never copies, and its capacity never exceeds
/// <see cref="Count"/> plus one block. The blocks are on the large-object heap (≥ 85,000 bytes), so the GC never
/// copies them from generation to generation and a returned block's space is reused as is by the next window.
/// The column is consumed once: <see cref="DrainFiniteInto"/> (the upload's analysis) or <see cref="ToArray"/>.
/// </summary>
internal sealed class DoubleColumn : IDisposable
{
    internal const int BlockLength = 1 << 14;
    private readonly List<double[]> blocks = [];
    private double[]? current;
    private int used = BlockLength;

    public int Count { get; private set; }

    /// <summary>Values the column's blocks can hold: at most <see cref="Count"/> + one block.</summary>
    public long Capacity => (long)blocks.Count * BlockLength;

    public void Add(double value)
    {
        if (used == BlockLength)
        {
            current = ArrayPool<double>.Shared.Rent(BlockLength);
            blocks.Add(current);
            used = 0;
        }

        current![used++] = value;
        Count++;
    }

    /// <summary>
    /// Copies the finite values, in order, to the front of <paramref name="destination"/> (at least <see cref="Count"/>
    /// long) and returns how many there were; each block goes back to the pool as soon as it is copied, so the values
    /// move into the destination instead of existing twice. The column is empty afterwards.
    /// </summary>
    public int DrainFiniteInto(Span<double> destination)
    {
        var length = 0;
        var left = Count;
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            foreach (var v in block.AsSpan(0, Math.Min(BlockLength, left)))
            {
                if (double.IsFinite(v))
                {
                    destination[length++] = v;
                }
            }

            left -= BlockLength;
            ArrayPool<double>.Shared.Return(block);
            blocks[b] = [];
        }

        Clear();
        return length;
    }

    /// <summary>An exact array of the values (for callers that keep a <see cref="Analysis.DriftWindow"/>); returns the blocks.</summary>
    public double[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<double>(Count);
        var offset = 0;
        foreach (var block in blocks)
        {
            var n = Math.Min(BlockLength, Count - offset);
            block.AsSpan(0, n).CopyTo(result.AsSpan(offset));
            offset += n;
        }

        Dispose();
        return result;
    }

    public void Dispose()
    {
        foreach (var block in blocks)
        {
            if (block.Length > 0)
            {
                ArrayPool<double>.Shared.Return(block);
            }
        }

        Clear();
    }

    private void Clear()
    {
        blocks.Clear();
        current = null;
        used = BlockLength;
        Count = 0;
    }
}
