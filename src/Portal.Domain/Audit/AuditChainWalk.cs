using System.Security.Cryptography;

namespace ModelLifecycle.Domain.Audit;

/// <summary>
/// Checks a chain one event at a time, oldest first, keeping only the previous link: memory stays flat however long
/// the chain is. Each event must carry the next sequence number, store the previous event's hash as its link, and
/// carry the HMAC of its own fields and that link.
/// </summary>
public sealed class AuditChainWalk(byte[] key, long previousSequence = 0, string previousHash = "") : IDisposable
{
    private readonly byte[] mac = new byte[AuditChain.HashBytes];

    // One keyed HMAC reused for every event: the key's inner and outer pads are computed once, not per event.
    private readonly IncrementalHash hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
    private byte[] canonical = new byte[1024];

    public long LastSequence { get; private set; } = previousSequence;

    public string LastHash { get; private set; } = previousHash;

    public int Count { get; private set; }

    /// <summary>What was wrong with the last refused event.</summary>
    public string? Problem { get; private set; }

    public bool Accept(AuditEvent e)
    {
        if (e.Sequence != LastSequence + 1)
        {
            Problem = $"sequence {e.Sequence} where {LastSequence + 1} was expected (an event was removed or inserted)";
            return false;
        }

        if (!string.Equals(e.PreviousHash, LastHash, StringComparison.Ordinal))
        {
            Problem = "its stored link (previous hash) does not match the hash of the event before it";
            return false;
        }

        var length = AuditChain.WriteCanonical(e, LastHash, ref canonical);
        hmac.AppendData(canonical, 0, length);
        hmac.GetHashAndReset(mac);
        if (!AuditChain.HexEquals(e.Hash, mac))
        {
            Problem = "its hash does not match its content (it was changed after it was written)";
            return false;
        }

        LastSequence = e.Sequence;
        LastHash = e.Hash;
        Count++;
        return true;
    }

    public void Dispose() => hmac.Dispose();
}
