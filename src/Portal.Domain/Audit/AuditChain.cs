using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ModelLifecycle.Domain.Audit;

/// <summary>
/// The keyed hash chain: Hash = HMAC-SHA-256(key, canonical(event) ‖ previousHash). Every field is length-prefixed
/// in the canonical form, so no two different events share an input; the key is not in the database, so write
/// access to the database alone cannot recompute a valid chain.
/// </summary>
public static class AuditChain
{
    public static string ComputeHash(ReadOnlySpan<byte> key, AuditEvent e, string previousHash)
    {
        var canonical = new StringBuilder();
        Append(canonical, e.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(canonical, DateTime.SpecifyKind(e.At, DateTimeKind.Utc).Ticks.ToString(CultureInfo.InvariantCulture));
        Append(canonical, e.Actor);
        Append(canonical, e.Action);
        Append(canonical, e.EntityType);
        Append(canonical, e.EntityId);
        Append(canonical, e.Before);
        Append(canonical, e.After);
        Append(canonical, e.Reason);
        Append(canonical, previousHash);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>Fills in the chain fields of an event that follows <paramref name="previous"/>.</summary>
    public static void Seal(ReadOnlySpan<byte> key, AuditEvent e, long previousSequence, string previousHash)
    {
        e.Sequence = previousSequence + 1;
        e.PreviousHash = previousHash;
        e.Hash = ComputeHash(key, e, previousHash);
    }

    /// <summary>Walks events in sequence order; returns the id of the first event whose link or hash does not hold.</summary>
    public static long? FindFirstBroken(ReadOnlySpan<byte> key, IEnumerable<AuditEvent> ordered)
    {
        var previousHash = "";
        var expectedSequence = 1L;
        foreach (var e in ordered)
        {
            var ok = e.Sequence == expectedSequence
                && string.Equals(e.PreviousHash, previousHash, StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes(e.Hash), Encoding.ASCII.GetBytes(ComputeHash(key, e, previousHash)));
            if (!ok)
            {
                return e.Id;
            }

            previousHash = e.Hash;
            expectedSequence++;
        }

        return null;
    }

    private static void Append(StringBuilder sb, string? field)
    {
        if (field is null)
        {
            sb.Append("-1:");
            return;
        }

        sb.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
    }
}
