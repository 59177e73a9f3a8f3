using System.Globalization;
using System.Text;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// The drift window parser: a push parser over UTF-8 bytes, fed buffer by buffer as the upload arrives, that keeps
/// only the parsed columns. RFC 4180 records (quoted fields may hold commas, quotes as "" and line breaks; LF, CRLF or
/// CR ends a record; a UTF-8 byte order mark is skipped; blank lines are skipped and not counted), fields trimmed of
/// spaces (not tabs, as CsvHelper's trim did) outside quotes. Rows are counted by record, the header being row 1, as the messages say.
/// </summary>
internal sealed class DriftCsvReader(IReadOnlyList<FeatureDefinition> schema, string windowName) : IDisposable
{
    private enum Scan
    {
        Record,
        Blank,
        NeedMore,
    }

    private enum TargetKind : byte
    {
        Ignore,
        Numeric,
        Categorical,
        Score,
    }

    private readonly record struct Field(int Start, int Length, bool Escaped);

    private readonly record struct Target(TargetKind Kind, int Column, string Name);

    private Field[] fields = new Field[16];
    private int fieldCount;
    private bool startChecked;
    private string[]? header;
    private Target[] targets = [];
    private DoubleColumn[] numeric = [];
    private List<string?>[] categorical = [];
    private DoubleColumn? scores;
    private byte[] unescaped = new byte[256];
    private int row;

    /// <summary>
    /// Parses every complete record in <paramref name="data"/> and returns how many bytes it used; the caller keeps
    /// the rest (a record cut by the buffer's end) and feeds it again with more data. With <paramref name="final"/>
    /// the data is the end of the file and is used up.
    /// </summary>
    public int Feed(ReadOnlySpan<byte> data, bool final)
    {
        var pos = 0;
        if (!startChecked)
        {
            if (data.Length < 3 && !final)
            {
                return 0;
            }

            if (data is [0xEF, 0xBB, 0xBF, ..])
            {
                pos = 3;
            }
            else if (data is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
            {
                throw DomainException.Invalid($"The {windowName} CSV is UTF-16 encoded; save it as UTF-8 (the usual CSV encoding) and upload it again.");
            }

            startChecked = true;
        }

        while (pos < data.Length)
        {
            var scan = ScanRecord(data, pos, final, out var next);
            if (scan == Scan.NeedMore)
            {
                break;
            }

            if (scan == Scan.Record)
            {
                Commit(data);
            }

            pos = next;
        }

        return pos;
    }

    public DriftWindow Finish()
    {
        if (header is null)
        {
            throw DomainException.Invalid($"The {windowName} CSV is empty: it needs a header row and data rows.");
        }

        if (row == 1)
        {
            throw DomainException.Invalid($"The {windowName} CSV has a header but no data rows.");
        }

        var numericByName = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var categoricalByName = new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            switch (target.Kind)
            {
                case TargetKind.Numeric:
                    numericByName[target.Name] = numeric[target.Column].ToArray();
                    break;
                case TargetKind.Categorical:
                    categoricalByName[target.Name] = categorical[target.Column];
                    break;
            }
        }

        return new DriftWindow { Numeric = numericByName, Categorical = categoricalByName, Scores = scores?.ToArray() };
    }

    public void Dispose()
    {
        foreach (var column in numeric)
        {
            column.Dispose();
        }

        scores?.Dispose();
    }

    private static bool IsSpace(byte b) => b == (byte)' ';

    /// <summary>Finds the fields of the record at <paramref name="pos"/>; <paramref name="next"/> is where the following record starts.</summary>
    private Scan ScanRecord(ReadOnlySpan<byte> data, int pos, bool final, out int next)
    {
        next = pos;
        fieldCount = 0;
        var n = data.Length;
        if (data[pos] == (byte)'\n')
        {
            next = pos + 1;
            return Scan.Blank;
        }

        if (data[pos] == (byte)'\r')
        {
            next = pos + 1 < n && data[pos + 1] == (byte)'\n' ? pos + 2 : pos + 1;
            return Scan.Blank;
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
                        return final ? throw Malformed(data, pos, "a quote is not closed or is followed by other characters") : Scan.NeedMore;
                    }

                    i += quote;
                    if (i + 1 == n && !final)
                    {
                        return Scan.NeedMore;
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
                    throw Malformed(data, pos, "a quote is not closed or is followed by other characters");
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
                        throw Malformed(data, pos, "a quote is not closed or is followed by other characters");
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
                    return Scan.NeedMore;
                }

                next = n;
                return Scan.Record;
            }

            if (data[i] == (byte)',')
            {
                i++;
                continue;
            }

            // A CR at the very end of a buffer may be the first half of CRLF: the LF then reads as a blank line.
            next = data[i] == (byte)'\r' && i + 1 < n && data[i + 1] == (byte)'\n' ? i + 2 : i + 1;
            return Scan.Record;
        }
    }

    private void AddField(Field field)
    {
        if (fieldCount == fields.Length)
        {
            Array.Resize(ref fields, fields.Length * 2);
        }

        fields[fieldCount++] = field;
    }

    private void Commit(ReadOnlySpan<byte> data)
    {
        row++;
        if (header is null)
        {
            ReadHeader(data);
            return;
        }

        if (fieldCount != header.Length)
        {
            throw DomainException.Invalid(
                $"The {windowName} CSV is malformed at row {row}: it has {fieldCount} field(s) where the header has {header.Length}.");
        }

        for (var f = 0; f < fieldCount; f++)
        {
            var target = targets[f];
            switch (target.Kind)
            {
                case TargetKind.Numeric:
                    numeric[target.Column].Add(ParseNumber(Cell(data, f), target.Name));
                    break;
                case TargetKind.Score:
                    scores!.Add(ParseNumber(Cell(data, f), DriftCsv.ScoreColumn));
                    break;
                case TargetKind.Categorical:
                    var cell = Cell(data, f);
                    categorical[target.Column].Add(MissingValues.IsMissing(cell) ? null : Encoding.UTF8.GetString(cell));
                    break;
            }
        }
    }

    private void ReadHeader(ReadOnlySpan<byte> data)
    {
        var names = new string[fieldCount];
        for (var f = 0; f < fieldCount; f++)
        {
            names[f] = Encoding.UTF8.GetString(Cell(data, f));
        }

        var columns = DriftCsv.MapColumns(names, schema, windowName);
        targets = new Target[names.Length];
        var numericColumns = new List<DoubleColumn>();
        var categoricalColumns = new List<List<string?>>();
        foreach (var (feature, index) in columns.Features)
        {
            targets[index] = feature.Type == FeatureType.Numeric
                ? new Target(TargetKind.Numeric, Add(numericColumns, new DoubleColumn()), feature.Name)
                : new Target(TargetKind.Categorical, Add(categoricalColumns, []), feature.Name);
        }

        if (columns.Score is { } score)
        {
            targets[score] = new Target(TargetKind.Score, 0, DriftCsv.ScoreColumn);
            scores = new DoubleColumn();
        }

        numeric = [.. numericColumns];
        categorical = [.. categoricalColumns];
        header = names;
    }

    private static int Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return list.Count - 1;
    }

    /// <summary>The bytes of field <paramref name="f"/>, with "" inside quotes turned back into ".</summary>
    private ReadOnlySpan<byte> Cell(ReadOnlySpan<byte> data, int f)
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

    private double ParseNumber(ReadOnlySpan<byte> cell, string column)
    {
        if (Utf8Decimal.TryParseFast(cell, out var fast))
        {
            return fast;
        }

        if (MissingValues.IsMissing(cell))
        {
            return double.NaN;
        }

        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return MissingValues.IsUsable(value)
                ? value
                : throw DomainException.Invalid($"The {windowName} CSV has the value {DriftCsv.Truncate(Encoding.UTF8.GetString(cell))} in numeric column '{column}' at row {row}; values beyond ±{MissingValues.MaxMagnitude:0e0} are refused.");
        }

        throw DomainException.Invalid($"The {windowName} CSV has a non-numeric value '{DriftCsv.Truncate(Encoding.UTF8.GetString(cell))}' in numeric column '{column}' at row {row}.");
    }

    private DomainException Malformed(ReadOnlySpan<byte> data, int recordStart, string problem)
    {
        var line = data[recordStart..];
        var end = line.IndexOfAny((byte)'\n', (byte)'\r');
        var text = Encoding.UTF8.GetString(end < 0 ? line[..Math.Min(line.Length, 200)] : line[..Math.Min(end, 200)]);
        return DomainException.Invalid($"The {windowName} CSV is malformed at row {row + 1}: {problem} ({DriftCsv.Truncate(text.Trim())}).");
    }
}
