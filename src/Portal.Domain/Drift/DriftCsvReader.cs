using System.Globalization;
using System.Text;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Drift;

/// <summary>
/// The drift window parser: a push parser over UTF-8 bytes, fed buffer by buffer as the upload arrives, that keeps
/// only the parsed columns. <see cref="CsvRecordScanner"/> finds each record's fields; this gives them meaning against
/// the schema (header, numbers, categories, missing values). A UTF-8 byte order mark is skipped; blank lines are
/// skipped and not counted. Rows are counted by record, the header being row 1, as the messages say.
/// </summary>
internal sealed class DriftCsvReader(IReadOnlyList<FeatureDefinition> schema, string windowName) : IDisposable
{
    private enum TargetKind : byte
    {
        Ignore,
        Numeric,
        Categorical,
        Score,
    }

    private readonly record struct Target(TargetKind Kind, int Column, string Name);

    private readonly CsvRecordScanner scanner = new(windowName);
    private bool startChecked;
    private string[]? header;
    private Target[] targets = [];
    private DoubleColumn[] numeric = [];
    private List<string?>[] categorical = [];
    private DoubleColumn? scores;
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
            var scan = scanner.ScanRecord(data, pos, final, row + 1, out var next);
            if (scan == CsvScan.NeedMore)
            {
                break;
            }

            if (scan == CsvScan.Record)
            {
                Commit(data);
            }

            pos = next;
        }

        return pos;
    }

    /// <summary>The parsed columns, handed over to the caller (this reader no longer owns their memory).</summary>
    public ParsedWindow Finish()
    {
        if (header is null)
        {
            throw DomainException.Invalid($"The {windowName} CSV is empty: it needs a header row and data rows.");
        }

        if (row == 1)
        {
            throw DomainException.Invalid($"The {windowName} CSV has a header but no data rows.");
        }

        var numericByName = new Dictionary<string, DoubleColumn>(StringComparer.Ordinal);
        var categoricalByName = new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            switch (target.Kind)
            {
                case TargetKind.Numeric:
                    numericByName[target.Name] = numeric[target.Column];
                    break;
                case TargetKind.Categorical:
                    categoricalByName[target.Name] = categorical[target.Column];
                    break;
            }
        }

        var window = new ParsedWindow(numericByName, categoricalByName, scores);
        numeric = [];
        scores = null;
        return window;
    }

    public void Dispose()
    {
        foreach (var column in numeric)
        {
            column.Dispose();
        }

        scores?.Dispose();
    }

    private void Commit(ReadOnlySpan<byte> data)
    {
        row++;
        if (header is null)
        {
            ReadHeader(data);
            return;
        }

        var fieldCount = scanner.FieldCount;
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
                    numeric[target.Column].Add(ParseNumber(scanner.Cell(data, f), target.Name));
                    break;
                case TargetKind.Score:
                    scores!.Add(ParseNumber(scanner.Cell(data, f), DriftCsv.ScoreColumn));
                    break;
                case TargetKind.Categorical:
                    var cell = scanner.Cell(data, f);
                    categorical[target.Column].Add(MissingValues.IsMissing(cell) ? null : Encoding.UTF8.GetString(cell));
                    break;
            }
        }
    }

    private void ReadHeader(ReadOnlySpan<byte> data)
    {
        var names = new string[scanner.FieldCount];
        for (var f = 0; f < names.Length; f++)
        {
            names[f] = Encoding.UTF8.GetString(scanner.Cell(data, f));
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
}
