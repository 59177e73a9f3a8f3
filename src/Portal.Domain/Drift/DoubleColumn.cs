using System.Collections.Concurrent;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// A column of numbers held in fixed blocks of 16 Ki values (128 KiB) while a window is read: its length need not be
/// known in advance, growth never copies, and its capacity never exceeds <see cref="Count"/> plus one block. The blocks
/// live on the pinned-object heap: the GC never copies them between generations, a freed block's space fits the next
/// block exactly, and they do not cut the large-object heap into 128 KiB holes beside the analysis's column-long sort
/// buffers. A few returned blocks (8 MiB) are kept for the next window. The column is consumed once:
/// <see cref="DrainFiniteInto"/> (the upload's analysis) or <see cref="ToArray"/>.
/// </summary>
internal sealed class DoubleColumn : IDisposable
{
    internal const int BlockLength = 1 << 14;
    private const int KeptBlocks = 64;
    private static readonly ConcurrentQueue<double[]> Spare = new();
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
            current = Rent();
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
            Return(block);
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
                Return(block);
            }
        }

        Clear();
    }

    private static double[] Rent() =>
        Spare.TryDequeue(out var block) ? block : GC.AllocateUninitializedArray<double>(BlockLength, pinned: true);

    private static void Return(double[] block)
    {
        if (Spare.Count < KeptBlocks)
        {
            Spare.Enqueue(block);
        }
    }

    private void Clear()
    {
        blocks.Clear();
        current = null;
        used = BlockLength;
        Count = 0;
    }
}
