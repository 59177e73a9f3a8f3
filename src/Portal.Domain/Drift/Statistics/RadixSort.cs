using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelLifecycle.Domain.Drift.Statistics;

/// <summary>
/// Ascending LSD radix sort of doubles: each value's IEEE-754 bits are mapped to an unsigned key whose integer
/// order is the numeric order (flip all bits of negatives, set the sign bit of positives), then sorted by six
/// 11-bit digits. O(n), about 5–10× faster than a comparison sort for a million values. NaN must be removed
/// first (they would land at the ends); −0.0 sorts before +0.0, which compare equal anyway.
/// </summary>
public static class RadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = 6;
    private const ulong SignBit = 1UL << 63;

    /// <summary>Below this size <see cref="Array.Sort(Array)"/> is as fast and needs no scratch.</summary>
    public const int MinimumLength = 4096;

    public static void Sort(Span<double> values)
    {
        if (values.Length < MinimumLength)
        {
            values.Sort();
            return;
        }

        // Pooled: an 8 MB scratch per million values would otherwise be large-object garbage on every call.
        var scratch = System.Buffers.ArrayPool<ulong>.Shared.Rent(values.Length);
        try
        {
            Sort(values, scratch);
        }
        finally
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Sorts in place with one caller-owned scratch (at least values.Length): the values' own memory holds the keys,
    /// so sorting a column costs one column of scratch, not two. Same order as the other overloads; below
    /// <see cref="MinimumLength"/> a comparison sort, as <see cref="Sort(Span{double})"/> does.
    /// </summary>
    public static void Sort(Span<double> values, Span<ulong> scratch)
    {
        if (values.Length < MinimumLength)
        {
            values.Sort();
            return;
        }

        var keys = MemoryMarshal.Cast<double, ulong>(values);
        var sorted = SortKeys(values, keys, scratch);
        FromKeys(sorted, values);
    }

    /// <summary>Sorts in place using caller-owned scratch (each at least values.Length) so hot loops do not allocate.</summary>
    public static void Sort(Span<double> values, Span<ulong> keys, Span<ulong> scratch)
    {
        var sorted = SortKeys(values, keys, scratch);
        FromKeys(sorted, values);
    }

    /// <summary>
    /// Writes the values' keys to <paramref name="keys"/> (which may be the values' own memory) and sorts them,
    /// moving between keys and scratch; returns whichever of the two holds the sorted keys.
    /// </summary>
    private static Span<ulong> SortKeys(ReadOnlySpan<double> values, Span<ulong> keys, Span<ulong> scratch)
    {
        var n = values.Length;
        if (keys.Length < n || scratch.Length < n)
        {
            throw new ArgumentException("Scratch buffers must be at least as long as the values.");
        }

        // Bounds checks are removed with refs: this loop is the whole cost of sorting a window.
        ref var value0 = ref MemoryMarshal.GetReference(values);
        ref var key0 = ref MemoryMarshal.GetReference(keys);
        ref var scratch0 = ref MemoryMarshal.GetReference(scratch);
        var counts = new int[Passes * Buckets];
        ref var count0 = ref MemoryMarshal.GetArrayDataReference(counts);
        for (var i = 0; i < n; i++)
        {
            var key = ToKey(Unsafe.Add(ref value0, i));
            Unsafe.Add(ref key0, i) = key;
            for (var p = 0; p < Passes; p++)
            {
                Unsafe.Add(ref count0, (p * Buckets) + (int)((key >> (p * DigitBits)) & (Buckets - 1)))++;
            }
        }

        var inKeys = true;
        ref var source = ref key0;
        ref var target = ref scratch0;
        for (var p = 0; p < Passes; p++)
        {
            var histogram = counts.AsSpan(p * Buckets, Buckets);
            var firstDigit = (int)((source >> (p * DigitBits)) & (Buckets - 1));
            if (histogram[firstDigit] == n)
            {
                continue; // every key has the same digit here: the pass would not move anything
            }

            var offset = 0;
            for (var b = 0; b < Buckets; b++)
            {
                var c = histogram[b];
                histogram[b] = offset;
                offset += c;
            }

            ref var slot0 = ref MemoryMarshal.GetReference(histogram);
            var shift = p * DigitBits;
            for (var i = 0; i < n; i++)
            {
                var key = Unsafe.Add(ref source, i);
                ref var slot = ref Unsafe.Add(ref slot0, (int)((key >> shift) & (Buckets - 1)));
                Unsafe.Add(ref target, slot++) = key;
            }

            ref var swap = ref source;
            source = ref target;
            target = ref swap;
            inKeys = !inKeys;
        }

        return inKeys ? keys[..n] : scratch[..n];
    }

    /// <summary>Turns sorted keys back into values (element by element, so the keys may be the values' own memory).</summary>
    private static void FromKeys(ReadOnlySpan<ulong> sorted, Span<double> values)
    {
        ref var key0 = ref MemoryMarshal.GetReference(sorted);
        ref var value0 = ref MemoryMarshal.GetReference(values);
        for (var i = 0; i < sorted.Length; i++)
        {
            Unsafe.Add(ref value0, i) = FromKey(Unsafe.Add(ref key0, i));
        }
    }

    private static ulong ToKey(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        return (bits & SignBit) != 0 ? ~bits : bits | SignBit;
    }

    private static double FromKey(ulong key) =>
        BitConverter.UInt64BitsToDouble((key & SignBit) != 0 ? key ^ SignBit : ~key);
}
