using System.Text;
using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Drift;

/// <summary>What <see cref="CsvRecordScanner.ScanRecord"/> found at a position.</summary>
internal enum CsvScan
{
    Record,
    Blank,
    NeedMore,
}

/// <summary>
/// The CSV syntax of a drift window, over UTF-8 bytes: finds the fields of one RFC 4180 record (quoted fields may hold
/// commas, quotes as "" and line breaks; LF, CRLF or CR ends a record; blank lines are reported as such), fields
/// trimmed of spaces (not tabs, as CsvHelper's trim did) outside quotes. It knows nothing of columns or numbers:
/// <see cref="DriftCsvReader"/> gives the fields meaning.
/// </summary>
internal sealed class CsvRecordScanner(string windowName)
{
    private readonly record struct Field(int Start, int Length, bool Escaped);

    private Field[] fields = new Field[16];
    private byte[] unescaped = new byte[256];

    /// <summary>Fields of the record found by the last <see cref="ScanRecord"/>.</summary>
    public int FieldCount { get; private set; }

    private static bool IsSpace(byte b) => b == (byte)' ';

    /// <summary>
    /// Finds the fields of the record at <paramref name="pos"/>; <paramref name="next"/> is where the following record
    /// starts. <paramref name="row"/> (the record's row number) only names the row in a malformed record's message.
    /// </summary>
    public CsvScan ScanRecord(ReadOnlySpan<byte> data, int pos, bool final, int row, out int next)
    {
        next = pos;
        FieldCount = 0;
        var n = data.Length;
        if (data[pos] == (byte)'\n')
        {
            next = pos + 1;
            return CsvScan.Blank;
        }

        if (data[pos] == (byte)'\r')
        {
            next = pos + 1 < n && data[pos + 1] == (byte)'\n' ? pos + 2 : pos + 1;
            return CsvScan.Blank;
        }

        var i = pos;
        while (true)
        {
            while (i < n && IsSpace(data[i]))
            {
                i++;
            }

            if (i < n && data[i] == (byte)'"')
            {
                var start = ++i;
                var escaped = false;
                while (true)
                {
                    var quote = data[i..].IndexOf((byte)'"');
                    if (quote < 0)
                    {
                        return final ? throw Malformed(data, pos, row, "a quote is not closed or is followed by other characters") : CsvScan.NeedMore;
                    }

                    i += quote;
                    if (i + 1 == n && !final)
                    {
                        return CsvScan.NeedMore;
                    }

                    if (i + 1 < n && data[i + 1] == (byte)'"')
                    {
                        escaped = true;
                        i += 2;
                        continue;
                    }

                    break;
                }

                AddField(new Field(start, i - start, escaped));
                i++;
                while (i < n && IsSpace(data[i]))
                {
                    i++;
                }

                if (i < n && data[i] is not ((byte)',' or (byte)'\n' or (byte)'\r'))
                {
                    throw Malformed(data, pos, row, "a quote is not closed or is followed by other characters");
                }
            }
            else
            {
                var start = i;
                while (i < n)
                {
                    var b = data[i];

                    // Digits, letters, '.', '-' are all above ','; only the four structural bytes need a closer look.
                    if (b > (byte)',' || b is not ((byte)',' or (byte)'\n' or (byte)'\r' or (byte)'"'))
                    {
                        i++;
                        continue;
                    }

                    if (b == (byte)'"')
                    {
                        throw Malformed(data, pos, row, "a quote is not closed or is followed by other characters");
                    }

                    break;
                }

                var end = i;
                while (end > start && IsSpace(data[end - 1]))
                {
                    end--;
                }

                AddField(new Field(start, end - start, false));
            }

            if (i == n)
            {
                if (!final)
                {
                    return CsvScan.NeedMore;
                }

                next = n;
                return CsvScan.Record;
            }

            if (data[i] == (byte)',')
            {
                i++;
                continue;
            }

            // A CR at the very end of a buffer may be the first half of CRLF: the LF then reads as a blank line.
            next = data[i] == (byte)'\r' && i + 1 < n && data[i + 1] == (byte)'\n' ? i + 2 : i + 1;
            return CsvScan.Record;
        }
    }

    /// <summary>The bytes of field <paramref name="f"/> of the last record, with "" inside quotes turned back into ".</summary>
    public ReadOnlySpan<byte> Cell(ReadOnlySpan<byte> data, int f)
    {
        var field = fields[f];
        var raw = data.Slice(field.Start, field.Length);
        if (!field.Escaped)
        {
            return raw;
        }

        if (unescaped.Length < raw.Length)
        {
            unescaped = new byte[raw.Length];
        }

        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            unescaped[length++] = raw[i];
            if (raw[i] == (byte)'"')
            {
                i++;
            }
        }

        return unescaped.AsSpan(0, length);
    }

    private void AddField(Field field)
    {
        if (FieldCount == fields.Length)
        {
            Array.Resize(ref fields, fields.Length * 2);
        }

        fields[FieldCount++] = field;
    }

    private DomainException Malformed(ReadOnlySpan<byte> data, int recordStart, int row, string problem)
    {
        var line = data[recordStart..];
        var end = line.IndexOfAny((byte)'\n', (byte)'\r');
        var text = Encoding.UTF8.GetString(end < 0 ? line[..Math.Min(line.Length, 200)] : line[..Math.Min(end, 200)]);
        return DomainException.Invalid($"The {windowName} CSV is malformed at row {row}: {problem} ({DriftCsv.Truncate(text.Trim())}).");
    }
}
