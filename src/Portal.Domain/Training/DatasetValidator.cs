using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Training;

/// <summary>What one streaming pass over a dataset CSV found: its rows and summary, or the rows it refuses.</summary>
public sealed record DatasetCheck(int RowCount, DatasetSummary Summary, IReadOnlyList<string> BadRows, int BadRowCount)
{
    public bool Valid => BadRowCount == 0;
}

/// <summary>
/// Checks a dataset CSV against a model's feature schema in one streaming pass (CsvHelper; memory bounded by the
/// columns, not the rows) and summarises it on the way.
/// <list type="bullet">
/// <item>Header: every schema feature and <c>label</c>, spelled exactly (the trainer reads columns by name); a
/// column the schema does not know is refused, so a misspelt feature is named rather than silently dropped. The
/// label column is optional for anomaly detection only.</item>
/// <item>Cells: numbers in the invariant culture ("1.5", never "1,5"), finite and within
/// <see cref="MissingValues.MaxMagnitude"/>; missing values as <see cref="MissingValues"/> defines them are allowed
/// in features and counted. Categorical features accept any text (the schema declares no allowed values).</item>
/// <item>Label: binary classification 0/1/false/true in every row; regression a number in every row; anomaly
/// detection 0/1/false/true or empty (unlabelled).</item>
/// </list>
/// Row numbers are the spreadsheet's: the header is row 1, the first data row is row 2. Every bad row is counted;
/// the first <see cref="ListedBadRows"/> are described.
/// </summary>
public static class DatasetValidator
{
    public const string LabelColumn = "label";

    /// <summary>How many bad rows are described in a refusal (all of them are counted).</summary>
    public const int ListedBadRows = 20;

    /// <summary>Distinct values of a categorical feature are counted up to this many (a column of ids would otherwise grow without bound).</summary>
    public const int DistinctCap = 10_000;

    public static DatasetCheck Check(Stream csv, IReadOnlyList<FeatureDefinition> schema, ModelTask task)
    {
        if (schema.Count == 0)
        {
            throw DomainException.Invalid("The model has no feature schema; declare its features before uploading a dataset.");
        }

        var bad = new List<string>();
        var badCount = 0;
        var rowFlagged = false;
        CsvReader? csvReader = null;

        void Refuse(string why)
        {
            if (rowFlagged)
            {
                return;
            }

            rowFlagged = true;
            badCount++;
            if (bad.Count < ListedBadRows)
            {
                // The parser's row count: the header is row 1, and a blank line skipped still counts, as in a spreadsheet.
                bad.Add($"row {csvReader?.Parser.Row ?? 1}: {why}");
            }
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
            BadDataFound = _ => Refuse("malformed quoting (a quote is not closed or is followed by other characters)"),
            MissingFieldFound = null,
        };
        using var reader = new StreamReader(csv, leaveOpen: true);
        using var parser = new CsvReader(reader, config);
        csvReader = parser;
        string[] header;
        try
        {
            if (!parser.Read() || !parser.ReadHeader() || parser.HeaderRecord is not { Length: > 0 } h || h.All(string.IsNullOrEmpty))
            {
                throw DomainException.Invalid("file: the CSV is empty; it needs a header row with the model's features and 'label', then data rows.");
            }

            header = h;
        }
        catch (CsvHelperException ex)
        {
            throw DomainException.Invalid($"file: the CSV header (row 1) is malformed: {FirstLine(ex.Message)}");
        }

        var columns = DatasetColumns.Map(header, schema, task);
        var numeric = columns.Features.Where(f => f.Type == FeatureType.Numeric).Select(f => (f.Name, f.Index, Stats: new NumericStats())).ToList();
        var categorical = columns.Features.Where(f => f.Type == FeatureType.Categorical).Select(f => (f.Name, f.Index, Stats: new CategoryStats())).ToList();
        var labels = new LabelStats(task);
        var rows = 0;
        var parsed = new double[numeric.Count];
        try
        {
            while (true)
            {
                rowFlagged = false;
                if (!parser.Read())
                {
                    break;
                }

                var record = parser.Parser.Record ?? [];
                if (rowFlagged)
                {
                    // BadDataFound fired while this row was read: its fields cannot be trusted.
                    continue;
                }

                if (record.Length != header.Length)
                {
                    Refuse($"has {record.Length} field(s) where the header has {header.Length}");
                    continue;
                }

                for (var i = 0; i < numeric.Count; i++)
                {
                    var (name, index, _) = numeric[i];
                    parsed[i] = ParseNumber(record[index], name, Refuse);
                }

                var label = labels.Parse(columns.Label is { } l ? record[l] : null, Refuse);
                if (rowFlagged)
                {
                    continue;
                }

                // Only a row that passed every check enters the summary, so the summary describes what is stored.
                rows++;
                for (var i = 0; i < numeric.Count; i++)
                {
                    numeric[i].Stats.Add(parsed[i]);
                }

                foreach (var (_, index, stats) in categorical)
                {
                    stats.Add(record[index]);
                }

                labels.Add(label);
            }
        }
        catch (CsvHelperException ex)
        {
            Refuse($"cannot be parsed: {FirstLine(ex.Message)}");
        }

        if (rows == 0 && badCount == 0)
        {
            throw DomainException.Invalid("file: the CSV has a header but no data rows.");
        }

        var features = new List<FeatureSummary>();
        foreach (var f in schema)
        {
            var n = numeric.FirstOrDefault(x => x.Name == f.Name);
            features.Add(n.Stats is { } s
                ? new FeatureSummary(f.Name, s.Min, s.Max, s.Mean, s.Missing)
                : categorical.Single(x => x.Name == f.Name).Stats.Summary(f.Name));
        }

        return new DatasetCheck(rows, new DatasetSummary(features, labels.Counts()), bad, badCount);
    }

    /// <summary>A parsed number, NaN for a missing cell; a cell that is not a usable number refuses the row.</summary>
    private static double ParseNumber(string cell, string column, Action<string> refuse)
    {
        if (MissingValues.IsMissing(cell))
        {
            return double.NaN;
        }

        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && MissingValues.IsUsable(value))
        {
            return value;
        }

        refuse($"'{column}' is '{Truncate(cell)}', not a number (use '.' as the decimal point; at most ±{MissingValues.MaxMagnitude:0e0})");
        return double.NaN;
    }

    internal static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private sealed class NumericStats
    {
        private double sum;
        private long count;

        public double? Min { get; private set; }

        public double? Max { get; private set; }

        public long Missing { get; private set; }

        public double? Mean => count == 0 ? null : sum / count;

        public void Add(double value)
        {
            if (double.IsNaN(value))
            {
                Missing++;
                return;
            }

            count++;
            sum += value;
            Min = Min is { } min ? Math.Min(min, value) : value;
            Max = Max is { } max ? Math.Max(max, value) : value;
        }
    }

    private sealed class CategoryStats
    {
        private readonly HashSet<string> distinct = new(StringComparer.Ordinal);
        private long missing;

        public void Add(string cell)
        {
            if (MissingValues.IsMissing(cell))
            {
                missing++;
            }
            else if (distinct.Count < DistinctCap)
            {
                distinct.Add(cell);
            }
        }

        public FeatureSummary Summary(string name) => new(name, null, null, null, missing, distinct.Count);
    }
}
