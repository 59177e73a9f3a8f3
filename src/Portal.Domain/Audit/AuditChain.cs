using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ModelLifecycle.Domain.Audit;

/// <summary>
/// The keyed hash chain: Hash = HMAC-SHA-256(key, canonical(event) ‖ previousHash). Every field is length-prefixed
/// in the canonical form, so no two different events share an input; the key is not in the database, so write
/// access to the database alone cannot recompute a valid chain.
/// </summary>
/// <remarks>
/// The canonical form is UTF-8 of: per field, "{UTF-16 length}:{field}\n", or "-1:" for a null field. It is written
/// straight into a pooled buffer (no per-event string), byte-for-byte what the first version built with a
/// StringBuilder, so chains written before still verify.
/// </remarks>
public static class AuditChain
{
    public const int HashBytes = 32;

    public static string ComputeHash(ReadOnlySpan<byte> key, AuditEvent e, string previousHash)
    {
        Span<byte> mac = stackalloc byte[HashBytes];
        ComputeHash(key, e, previousHash, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Writes the event's HMAC into <paramref name="destination"/> (32 bytes).</summary>
    public static void ComputeHash(ReadOnlySpan<byte> key, AuditEvent e, string previousHash, Span<byte> destination)
    {
        var canonical = new Canonical(CanonicalSize(e, previousHash));
        try
        {
            AppendFields(ref canonical, e, previousHash);
            HMACSHA256.HashData(key, canonical.Written, destination);
        }
        finally
        {
            canonical.Dispose();
        }
    }

    /// <summary>
    /// Writes the canonical form of an event into <paramref name="buffer"/> (grown when too small) and returns its
    /// length: for callers that hash many events with one reusable HMAC (<see cref="AuditChainWalk"/>).
    /// </summary>
    internal static int WriteCanonical(AuditEvent e, string previousHash, ref byte[] buffer)
    {
        var needed = CanonicalSize(e, previousHash);
        if (buffer.Length < needed)
        {
            buffer = new byte[Math.Max(needed, buffer.Length * 2)];
        }

        var canonical = new Canonical(buffer);
        AppendFields(ref canonical, e, previousHash);
        return canonical.Written.Length;
    }

    // The one definition of what an event's hash covers, and in which order.
    private static void AppendFields(ref Canonical canonical, AuditEvent e, string previousHash)
    {
        canonical.Append(e.Sequence);
        canonical.Append(DateTime.SpecifyKind(e.At, DateTimeKind.Utc).Ticks);
        canonical.Append(e.Actor);
        canonical.Append(e.Action);
        canonical.Append(e.EntityType);
        canonical.Append(e.EntityId);
        canonical.Append(e.Before);
        canonical.Append(e.After);
        canonical.Append(e.Reason);
        canonical.Append(previousHash);
    }

    private static int CanonicalSize(AuditEvent e, string previousHash) =>
        256 + Size(e.Actor) + Size(e.Action) + Size(e.EntityType) + Size(e.EntityId)
        + Size(e.Before) + Size(e.After) + Size(e.Reason) + Size(previousHash);

    /// <summary>
    /// The chain head's own MAC: HMAC(key, "head" ‖ lastSequence ‖ lastHash). Rewinding the head row to an older event
    /// (sequence and hash) without the key leaves a MAC that no longer matches.
    /// </summary>
    public static string ComputeHeadMac(ReadOnlySpan<byte> key, long lastSequence, string lastHash) =>
        Mac(key, "head", lastSequence.ToString(CultureInfo.InvariantCulture), lastHash);

    /// <summary>HMAC over length-prefixed fields, for the small records outside the chain (head, checkpoints).</summary>
    public static string Mac(ReadOnlySpan<byte> key, params ReadOnlySpan<string> fields)
    {
        var size = 0;
        foreach (var f in fields)
        {
            size += Size(f);
        }

        var canonical = new Canonical(size + 16);
        try
        {
            foreach (var f in fields)
            {
                canonical.Append(f);
            }

            return Convert.ToHexStringLower(HMACSHA256.HashData(key, canonical.Written));
        }
        finally
        {
            canonical.Dispose();
        }
    }

    /// <summary>Constant-time comparison of a stored MAC (lowercase hex) with the expected bytes.</summary>
    public static bool HexEquals(string stored, ReadOnlySpan<byte> expected)
    {
        Span<char> hex = stackalloc char[expected.Length * 2];
        if (stored.Length != hex.Length || !Convert.TryToHexStringLower(expected, hex, out _))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(hex), MemoryMarshal.AsBytes(stored.AsSpan()));
    }

    /// <summary>Constant-time comparison of two lowercase hex MACs.</summary>
    public static bool HexEquals(string stored, string expected) =>
        stored.Length == expected.Length
        && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(stored.AsSpan()), MemoryMarshal.AsBytes(expected.AsSpan()));

    /// <summary>Fills in the chain fields of an event that follows <paramref name="previous"/>.</summary>
    public static void Seal(ReadOnlySpan<byte> key, AuditEvent e, long previousSequence, string previousHash)
    {
        // The hash must cover exactly what the database will give back: SQLite's text binding stops at U+0000 for long
        // strings, so a reason with a NUL would be stored cut short and its event would fail verify forever after.
        e.Actor = Storable(e.Actor);
        e.Action = Storable(e.Action);
        e.EntityType = Storable(e.EntityType);
        e.EntityId = Storable(e.EntityId);
        e.Before = StorableOrNull(e.Before);
        e.After = StorableOrNull(e.After);
        e.Reason = StorableOrNull(e.Reason);
        e.Sequence = previousSequence + 1;
        e.PreviousHash = previousHash;
        e.Hash = ComputeHash(key, e, previousHash);
    }

    /// <summary>Text as it can be stored and read back whole: U+0000 becomes U+FFFD (the replacement character).</summary>
    internal static string Storable(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : text;

    private static string? StorableOrNull(string? text) => text is null ? null : Storable(text);

    /// <summary>Walks events in sequence order; returns the id of the first event whose link or hash does not hold.</summary>
    public static long? FindFirstBroken(ReadOnlySpan<byte> key, IEnumerable<AuditEvent> ordered)
    {
        using var walk = new AuditChainWalk(key.ToArray());
        foreach (var e in ordered)
        {
            if (!walk.Accept(e))
            {
                return e.Id;
            }
        }

        return null;
    }

    // Upper bound of a field's UTF-8 bytes plus its prefix and newline.
    private static int Size(string? field) => field is null ? 3 : (field.Length * 3) + 12;

    /// <summary>The stored properties the hash covers, in canonical order; the previous hash follows them.</summary>
    internal static readonly string[] HashedProperties =
    [
        nameof(AuditEvent.Sequence), nameof(AuditEvent.At), nameof(AuditEvent.Actor), nameof(AuditEvent.Action),
        nameof(AuditEvent.EntityType), nameof(AuditEvent.EntityId), nameof(AuditEvent.Before), nameof(AuditEvent.After),
        nameof(AuditEvent.Reason),
    ];

    // The field encodings of the canonical form, shared by the event path (Canonical) and the stored-row path
    // (AuditChainRow), so both write the same bytes. Each returns the bytes written; the caller reserved room.
    internal const int NumberFieldBytes = 24;

    // A number is a field like any other: its invariant digits, prefixed with their count.
    internal static int WriteNumberField(Span<byte> destination, long number)
    {
        Span<byte> digits = stackalloc byte[20];
        number.TryFormat(digits, out var count, default, CultureInfo.InvariantCulture);
        return WriteUtf8Field(destination, digits[..count], count);
    }

    internal static int WriteNullField(Span<byte> destination)
    {
        "-1:"u8.CopyTo(destination);
        return 3;
    }

    // Room for a field of a given number of UTF-8 bytes: its length prefix (at most 11 characters), ':' and '\n'.
    internal static int FieldBytes(int utf8Bytes) => utf8Bytes + 13;

    internal static int WriteTextField(Span<byte> destination, string field)
    {
        var n = WritePrefix(destination, field.Length);
        n += Encoding.UTF8.GetBytes(field, destination[n..]);
        destination[n] = (byte)'\n';
        return n + 1;
    }

    /// <summary>
    /// The same bytes as <see cref="WriteTextField"/> for the string whose UTF-8 form is <paramref name="utf8"/>, when
    /// <paramref name="utf16Length"/> is that string's length: valid UTF-8 decodes and re-encodes to itself.
    /// </summary>
    internal static int WriteUtf8Field(Span<byte> destination, ReadOnlySpan<byte> utf8, int utf16Length)
    {
        var n = WritePrefix(destination, utf16Length);
        utf8.CopyTo(destination[n..]);
        n += utf8.Length;
        destination[n] = (byte)'\n';
        return n + 1;
    }

    private static int WritePrefix(Span<byte> destination, int utf16Length)
    {
        utf16Length.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        destination[written] = (byte)':';
        return written + 1;
    }

    private ref struct Canonical
    {
        private readonly byte[] buffer;
        private readonly bool pooled;
        private int length;

        public Canonical(int capacity)
        {
            buffer = ArrayPool<byte>.Shared.Rent(capacity);
            pooled = true;
        }

        public Canonical(byte[] buffer) => this.buffer = buffer;

        public readonly ReadOnlySpan<byte> Written => buffer.AsSpan(0, length);

        public void Append(long number) => length += WriteNumberField(buffer.AsSpan(length), number);

        public void Append(string? field) =>
            length += field is null ? WriteNullField(buffer.AsSpan(length)) : WriteTextField(buffer.AsSpan(length), field);

        public readonly void Dispose()
        {
            if (pooled)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
