using System.Text;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// The stable hash that places a routing key on the 1,000 traffic slots: 64-bit FNV-1a over the key's UTF-8 bytes
/// (invalid UTF-16 becomes U+FFFD, as <see cref="Encoding.UTF8"/> does), then MurmurHash3's fmix64 finaliser,
/// because FNV-1a alone leaves similar keys ("user-1", "user-2") close together in the high bits used for the slot.
/// <para>
/// Chosen over <c>string.GetHashCode</c> (randomised per process) and over XxHash64 (System.IO.Hashing is a
/// separate package, not in the BCL): the same key must land on the same slot in every process, after every
/// restart, and in any other language that wants to predict routing; FNV-1a + fmix64 is a dozen lines anywhere.
/// The slot is the high part of hash × 1000 (Lemire's multiply-shift), which is uniform without a modulo bias
/// worth speaking of (2^64 / 1000 leaves a bias below 1e-16).
/// </para>
/// Changing this function re-routes every key, so unit tests pin its values against an independent Python version.
/// </summary>
public static class RoutingHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>The key's slot in 0..999, i.e. its point in [0, 100 %) in tenths of a percent.</summary>
    public static int Slot(ReadOnlySpan<char> key) => SlotOf(Hash(key));

    /// <summary>FNV-1a 64 + fmix64 of the key's UTF-8 encoding, computed without allocating.</summary>
    public static ulong Hash(ReadOnlySpan<char> key)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var hash = FnvOffset;
        while (!key.IsEmpty)
        {
            // ASCII is its own UTF-8 byte: the common key ("customer-42") skips rune decoding entirely.
            if (key[0] < 0x80)
            {
                hash = (hash ^ key[0]) * FnvPrime;
                key = key[1..];
                continue;
            }

            Rune.DecodeFromUtf16(key, out var rune, out var consumed);
            var written = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < written; i++)
            {
                hash = (hash ^ utf8[i]) * FnvPrime;
            }

            key = key[consumed..];
        }

        return Mix(hash);
    }

    /// <summary>The same hash over bytes already encoded as UTF-8.</summary>
    public static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = FnvOffset;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return Mix(hash);
    }

    public static int SlotOf(ulong hash) => (int)Math.BigMul(hash, (ulong)TrafficPercent.WholeTenths, out _);

    // MurmurHash3 fmix64 (Austin Appleby, public domain): every input bit affects every output bit.
    private static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}
