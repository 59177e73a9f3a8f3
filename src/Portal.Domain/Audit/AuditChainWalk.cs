using System.Security.Cryptography;
using System.Text;

namespace ModelLifecycle.Domain.Audit;

/// <summary>
/// Checks a chain one event at a time, oldest first, keeping only the previous link: memory stays flat however long
/// the chain is. Each event must carry the next sequence number, store the previous event's hash as its link, and
/// carry the HMAC of its own fields and that link.
/// </summary>
public sealed class AuditChainWalk(byte[] key, long previousSequence = 0, string previousHash = "") : IDisposable
{
    private readonly byte[] mac = new byte[AuditChain.HashBytes];
    private readonly byte[] macHex = new byte[2 * AuditChain.HashBytes];

    // One keyed HMAC reused for every event: the key's inner and outer pads are computed once, not per event.
    private readonly IncrementalHash hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
    private byte[] canonical = new byte[1024];

    // The last link as UTF-8 (an accepted hash is lowercase hex) and, when known, as text.
    private readonly byte[] lastHash = LinkBuffer(previousHash);
    private int lastHashLength = Encoding.UTF8.GetByteCount(previousHash);
    private string? lastHashText = previousHash;

    public long LastSequence { get; private set; } = previousSequence;

    public string LastHash => lastHashText ??= Encoding.ASCII.GetString(lastHash, 0, lastHashLength);

    public int Count { get; private set; }

    /// <summary>What was wrong with the last refused event.</summary>
    public string? Problem { get; private set; }

    public bool Accept(AuditEvent e)
    {
        if (!AcceptSequence(e.Sequence))
        {
            return false;
        }

        if (!string.Equals(e.PreviousHash, LastHash, StringComparison.Ordinal))
        {
            return RefuseLink();
        }

        var length = AuditChain.WriteCanonical(e, LastHash, ref canonical);
        hmac.AppendData(canonical, 0, length);
        hmac.GetHashAndReset(mac);
        if (!AuditChain.HexEquals(e.Hash, mac))
        {
            return RefuseHash();
        }

        LastSequence = e.Sequence;
        lastHashLength = Encoding.ASCII.GetBytes(e.Hash, lastHash);
        lastHashText = e.Hash;
        Count++;
        return true;
    }

    /// <summary>
    /// The same check over a stored row read as bytes (<see cref="AuditChainReader"/>): the row holds the canonical
    /// form of its own fields, the walk appends the link, so the HMAC input is byte-for-byte that of the event.
    /// </summary>
    internal bool Accept(AuditChainRow row)
    {
        if (!AcceptSequence(row.Sequence))
        {
            return false;
        }

        var link = lastHash.AsSpan(0, lastHashLength);
        if (!row.PreviousHash.SequenceEqual(link))
        {
            return RefuseLink();
        }

        // The link's field: an accepted hash is ASCII hex (one byte per UTF-16 unit); the chain's first link is given as text.
        var linkLength = lastHashText?.Length ?? lastHashLength;
        var linkField = AuditChain.FieldBytes(lastHashLength);
        if (canonical.Length < linkField)
        {
            canonical = new byte[linkField];
        }

        var written = AuditChain.WriteUtf8Field(canonical, link, linkLength);
        hmac.AppendData(row.Fields);
        hmac.AppendData(canonical, 0, written);
        hmac.GetHashAndReset(mac);
        Convert.TryToHexStringLower(mac, macHex, out _);
        if (!CryptographicOperations.FixedTimeEquals(row.Hash, macHex))
        {
            return RefuseHash();
        }

        LastSequence = row.Sequence;
        macHex.CopyTo(lastHash, 0);
        lastHashLength = macHex.Length;
        lastHashText = null;
        Count++;
        return true;
    }

    public void Dispose() => hmac.Dispose();

    private static byte[] LinkBuffer(string previousHash)
    {
        var buffer = new byte[Math.Max(2 * AuditChain.HashBytes, Encoding.UTF8.GetByteCount(previousHash))];
        Encoding.UTF8.GetBytes(previousHash, buffer);
        return buffer;
    }

    private bool AcceptSequence(long sequence)
    {
        if (sequence == LastSequence + 1)
        {
            return true;
        }

        Problem = $"sequence {sequence} where {LastSequence + 1} was expected (an event was removed or inserted)";
        return false;
    }

    private bool RefuseLink()
    {
        Problem = "its stored link (previous hash) does not match the hash of the event before it";
        return false;
    }

    private bool RefuseHash()
    {
        Problem = "its hash does not match its content (it was changed after it was written)";
        return false;
    }
}
