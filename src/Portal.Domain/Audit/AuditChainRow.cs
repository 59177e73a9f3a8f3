using System.Text;
using System.Text.Unicode;

namespace ModelLifecycle.Domain.Audit;

/// <summary>
/// One stored event as the chain checks it, reused row after row so reading a long chain allocates nothing per event:
/// the canonical form of the event's own fields (everything but the link, see <see cref="AuditChain"/>), and the stored
/// link and hash as the bytes the database holds.
/// </summary>
internal sealed class AuditChainRow
{
    private byte[] fields = new byte[1024];
    private byte[] previousHash = new byte[2 * AuditChain.HashBytes];
    private byte[] hash = new byte[2 * AuditChain.HashBytes];

    public long Id { get; set; }

    public long Sequence { get; private set; }

    public int FieldsLength { get; private set; }

    public ReadOnlySpan<byte> Fields => fields.AsSpan(0, FieldsLength);

    /// <summary>The stored link (previous hash), UTF-8.</summary>
    public ReadOnlySpan<byte> PreviousHash => previousHash.AsSpan(0, PreviousHashLength);

    /// <summary>The stored hash, UTF-8.</summary>
    public ReadOnlySpan<byte> Hash => hash.AsSpan(0, HashLength);

    public string HashText => Encoding.UTF8.GetString(Hash);

    private int PreviousHashLength { get; set; }

    private int HashLength { get; set; }

    /// <summary>Starts a row: the sequence is the first hashed field.</summary>
    public void Begin(long sequence)
    {
        Sequence = sequence;
        FieldsLength = 0;
        AppendNumber(sequence);
    }

    public void AppendNumber(long number)
    {
        Reserve(AuditChain.NumberFieldBytes);
        FieldsLength += AuditChain.WriteNumberField(fields.AsSpan(FieldsLength), number);
    }

    public void AppendText(string? text)
    {
        if (text is null)
        {
            AppendNull();
            return;
        }

        Reserve(AuditChain.FieldBytes(Encoding.UTF8.GetMaxByteCount(text.Length)));
        FieldsLength += AuditChain.WriteTextField(fields.AsSpan(FieldsLength), text);
    }

    /// <summary>
    /// Appends a text field from the UTF-8 bytes the database stores, without decoding it to a string. Text that is not
    /// valid UTF-8 goes through the string a provider would have returned (invalid sequences become U+FFFD), so the
    /// bytes hashed are the same as when the event is read as an <see cref="AuditEvent"/>.
    /// </summary>
    public void AppendUtf8(ReadOnlySpan<byte> utf8)
    {
        int utf16Length;
        if (System.Text.Ascii.IsValid(utf8))
        {
            utf16Length = utf8.Length;
        }
        else if (Utf8.IsValid(utf8))
        {
            utf16Length = Encoding.UTF8.GetCharCount(utf8);
        }
        else
        {
            AppendText(Encoding.UTF8.GetString(utf8));
            return;
        }

        Reserve(AuditChain.FieldBytes(utf8.Length));
        FieldsLength += AuditChain.WriteUtf8Field(fields.AsSpan(FieldsLength), utf8, utf16Length);
    }

    public void AppendNull()
    {
        Reserve(3);
        FieldsLength += AuditChain.WriteNullField(fields.AsSpan(FieldsLength));
    }

    public void SetPreviousHash(ReadOnlySpan<byte> utf8) => PreviousHashLength = Copy(utf8, ref previousHash);

    public void SetPreviousHash(string text) => PreviousHashLength = Copy(text, ref previousHash);

    public void SetHash(ReadOnlySpan<byte> utf8) => HashLength = Copy(utf8, ref hash);

    public void SetHash(string text) => HashLength = Copy(text, ref hash);

    private static int Copy(ReadOnlySpan<byte> utf8, ref byte[] buffer)
    {
        if (buffer.Length < utf8.Length)
        {
            buffer = new byte[utf8.Length];
        }

        utf8.CopyTo(buffer);
        return utf8.Length;
    }

    private static int Copy(string text, ref byte[] buffer)
    {
        var needed = Encoding.UTF8.GetByteCount(text);
        if (buffer.Length < needed)
        {
            buffer = new byte[needed];
        }

        return Encoding.UTF8.GetBytes(text, buffer);
    }

    private void Reserve(int bytes)
    {
        if (FieldsLength + bytes > fields.Length)
        {
            Array.Resize(ref fields, Math.Max(FieldsLength + bytes, fields.Length * 2));
        }
    }
}
