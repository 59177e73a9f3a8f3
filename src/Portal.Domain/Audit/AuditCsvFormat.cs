using System.Globalization;
using System.Text;

namespace ModelLifecycle.Domain.Audit;

/// <summary>
/// The audit export as CSV (RFC 4180), readable offline and verifiable with the key:
/// <list type="bullet">
/// <item>columns <see cref="Columns"/>, oldest first; <c>at</c> is ISO 8601 round-trip in UTC (<c>O</c>, 7 fraction digits);</item>
/// <item>every text value is quoted, so an empty unquoted cell is null and <c>""</c> is the empty string;</item>
/// <item>a text value that begins with = + - @ tab, carriage return or ' gets one leading ', so a spreadsheet shows it as
/// text instead of running it as a formula; the reader drops exactly that one '.</item>
/// </list>
/// </summary>
public static class AuditCsvFormat
{
    public static readonly string[] Columns = ["sequence", "at", "actor", "action", "entityType", "entityId", "before", "after", "reason", "previousHash", "hash"];

    public static async Task WriteAsync(TextWriter writer, IAsyncEnumerable<AuditEvent> events, CancellationToken ct)
    {
        await writer.WriteAsync(string.Join(',', Columns) + "\r\n");
        var line = new StringBuilder();
        await foreach (var e in events.WithCancellation(ct))
        {
            line.Clear();
            line.Append(e.Sequence.ToString(CultureInfo.InvariantCulture)).Append(',');
            line.Append(DateTime.SpecifyKind(e.At, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture));
            foreach (var text in (string?[])[e.Actor, e.Action, e.EntityType, e.EntityId, e.Before, e.After, e.Reason, e.PreviousHash, e.Hash])
            {
                line.Append(',');
                AppendText(line, text);
            }

            line.Append("\r\n");
            await writer.WriteAsync(line, ct);
        }

        await writer.FlushAsync(ct);
    }

    /// <summary>Reads records back: each cell is null (empty, unquoted) or the exact text that was written.</summary>
    public static IEnumerable<AuditCsvRecord> Read(TextReader reader)
    {
        var cells = new List<string?>();
        var cell = new StringBuilder();
        var quoted = false;
        var row = 1;
        var any = false;
        int next;
        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            any = true;
            if (c == '"' && cell.Length == 0 && !quoted)
            {
                quoted = true;
                ReadQuoted(reader, cell, row);
                continue;
            }

            switch (c)
            {
                case '"':
                    throw Error(row, $"a quote inside an unquoted cell.");
                case ',':
                    cells.Add(Finish(cell, quoted, row));
                    quoted = false;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n':
                case '\r':
                    cells.Add(Finish(cell, quoted, row));
                    yield return new AuditCsvRecord(row, [.. cells]);
                    cells.Clear();
                    quoted = false;
                    any = false;
                    row++;
                    break;
                default:
                    if (quoted)
                    {
                        throw Error(row, $"text after a closing quote.");
                    }

                    cell.Append(c);
                    break;
            }
        }

        if (any)
        {
            cells.Add(Finish(cell, quoted, row));
            yield return new AuditCsvRecord(row, [.. cells]);
        }
    }

    /// <summary>The spreadsheet-safe form of a text value (what goes between the quotes, before quote doubling).</summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'' ? "'" + value : value;

    private static void AppendText(StringBuilder line, string? text)
    {
        if (text is null)
        {
            return;
        }

        line.Append('"').Append(Neutralise(text).Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static string? Finish(StringBuilder cell, bool quoted, int row)
    {
        var text = cell.ToString();
        cell.Clear();
        if (!quoted)
        {
            // Unquoted cells are the numbers and times, or null text.
            return text.Length == 0 ? null : text;
        }

        if (text.Length > 0 && text[0] == '\'')
        {
            return text[1..];
        }

        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            throw Error(row, $"a cell begins with '{text[0]}' without the leading ' the export adds.");
        }

        return text;
    }

    /// <summary>A malformed record; <c>Data["row"]</c> holds its record number.</summary>
    internal static FormatException Error(int row, string message)
    {
        var error = new FormatException($"Row {row}: {message}");
        error.Data["row"] = row;
        return error;
    }

    // Reads a quoted cell after its opening quote up to the closing one; a doubled quote is a quote.
    private static void ReadQuoted(TextReader reader, StringBuilder cell, int row)
    {
        int next;
        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            if (c == '"')
            {
                if (reader.Peek() != '"')
                {
                    return;
                }

                reader.Read();
            }

            cell.Append(c);
        }

        throw Error(row, $"a quoted cell is not closed.");
    }
}

/// <summary>One CSV record: its record number in the file (the header is row 1) and its cells (null = empty unquoted).</summary>
public sealed record AuditCsvRecord(int Row, string?[] Cells);
