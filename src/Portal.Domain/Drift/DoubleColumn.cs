using System.Buffers;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// A column of numbers growing in pooled chunks of 8 Ki values (64 KiB, below the large-object threshold) while a
/// window is read, so its length need not be known in advance and growth never copies; <see cref="ToArray"/> copies
/// once into an exact array and returns the chunks to the pool.
/// </summary>
internal sealed class DoubleColumn : IDisposable
{
    private const int ChunkLength = 1 << 13;
    private readonly List<double[]> chunks = [];
    private double[]? current;
    private int used = ChunkLength;

    public int Count { get; private set; }

    public void Add(double value)
    {
        if (used == ChunkLength)
        {
            current = ArrayPool<double>.Shared.Rent(ChunkLength);
            chunks.Add(current);
            used = 0;
        }

        current![used++] = value;
        Count++;
    }

    public double[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<double>(Count);
        var offset = 0;
        foreach (var chunk in chunks)
        {
            var n = Math.Min(ChunkLength, Count - offset);
            chunk.AsSpan(0, n).CopyTo(result.AsSpan(offset));
            offset += n;
        }

        Dispose();
        return result;
    }

    public void Dispose()
    {
        foreach (var chunk in chunks)
        {
            ArrayPool<double>.Shared.Return(chunk);
        }

        chunks.Clear();
        current = null;
        used = ChunkLength;
        Count = 0;
    }
}
