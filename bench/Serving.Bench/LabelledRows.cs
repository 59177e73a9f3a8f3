using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace ModelLifecycle.Serving.Bench;

/// <summary>
/// The rows of a labelled CSV (a dataset version as <c>GET /api/v1/models/{name}/datasets/{version}/file</c> returns
/// it: a header, the feature columns and a label column) for the labelled traffic mode: each row's features go to
/// <c>predict</c>, its label to <c>feedback</c> of the same prediction. A column whose every value reads as an
/// invariant-culture number is sent as numbers, any other as strings. A row with an empty or missing value
/// (empty, NA, NaN, null) in any column is skipped and counted, because the portal refuses a missing feature.
/// <see cref="FeatureDrift"/>s are applied to the numeric features as the rows are handed out, so the same file
/// gives undrifted and drifted traffic.
/// </summary>
internal sealed class LabelledRows
{
    private readonly string[] features;
    private readonly bool[] numeric;
    private readonly string[][] text;
    private readonly double[][] numbers;
    private readonly string[] labels;
    private readonly IReadOnlyList<FeatureDrift> drift;

    private LabelledRows(string[] features, bool[] numeric, string[][] text, double[][] numbers, string[] labels, int skipped, IReadOnlyList<FeatureDrift> drift)
    {
        this.features = features;
        this.numeric = numeric;
        this.text = text;
        this.numbers = numbers;
        this.labels = labels;
        Skipped = skipped;
        this.drift = drift;
    }

    /// <summary>The feature columns in file order (every column but the label).</summary>
    public IReadOnlyList<string> Features => features;

    public int Count => labels.Length;

    /// <summary>Rows left out because a value was missing.</summary>
    public int Skipped { get; }

    /// <summary>Every label is 0/1 or true/false: the rows of a binary classifier (else a regression value).</summary>
    public bool BinaryLabels => labels.All(l => l is "0" or "1" || bool.TryParse(l, out _));

    public bool IsNumeric(string feature) => numeric[Array.IndexOf(features, feature)];

    /// <summary>Reads the whole file; <paramref name="drift"/> names numeric feature columns (else an <see cref="ArgumentException"/>).</summary>
    public static LabelledRows Read(TextReader reader, string labelColumn, IReadOnlyList<FeatureDrift>? drift = null)
    {
        drift ??= [];
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = true });
        if (!csv.Read())
        {
            throw new ArgumentException("The CSV is empty: a header row with the feature columns and the label column is needed.");
        }

        var header = csv.Record!.Select(h => h.Trim()).ToArray();
        var labelIndex = Array.IndexOf(header, labelColumn);
        if (labelIndex < 0)
        {
            throw new ArgumentException($"The CSV has no label column '{labelColumn}' (columns: {string.Join(", ", header)}).");
        }

        var featureIndexes = Enumerable.Range(0, header.Length).Where(i => i != labelIndex).ToArray();
        if (featureIndexes.Length == 0)
        {
            throw new ArgumentException("The CSV has no feature column besides the label.");
        }

        var rows = new List<string[]>();
        var skipped = 0;
        while (csv.Read())
        {
            var record = csv.Record!;
            if (record.Length != header.Length)
            {
                throw new ArgumentException($"Row {csv.Row} has {record.Length} values; the header has {header.Length}.");
            }

            if (record.Any(IsMissing))
            {
                skipped++;
                continue;
            }

            rows.Add(record);
        }

        var names = featureIndexes.Select(i => header[i]).ToArray();
        var isNumeric = featureIndexes.Select(i => rows.Count > 0 && rows.All(r => TryNumber(r[i], out _))).ToArray();
        foreach (var d in drift)
        {
            var at = Array.IndexOf(names, d.Feature);
            if (at < 0 || !isNumeric[at])
            {
                throw new ArgumentException(at < 0
                    ? $"drift: the CSV has no feature '{d.Feature}' (features: {string.Join(", ", names)})."
                    : $"drift: '{d.Feature}' is not numeric; only numeric features can be shifted or scaled.");
            }
        }

        var text = new string[names.Length][];
        var numbers = new double[names.Length][];
        for (var f = 0; f < names.Length; f++)
        {
            var column = featureIndexes[f];
            if (isNumeric[f])
            {
                numbers[f] = [.. rows.Select(r => TryNumber(r[column], out var v) ? v : double.NaN)];
            }
            else
            {
                text[f] = [.. rows.Select(r => r[column])];
            }
        }

        return new LabelledRows(names, isNumeric, text, numbers, [.. rows.Select(r => r[labelIndex].Trim())], skipped, drift);
    }

    /// <summary>The features of row <paramref name="row"/> as the predict body takes them, with the drift applied.</summary>
    public Dictionary<string, object> FeaturesOf(int row)
    {
        var result = new Dictionary<string, object>(features.Length, StringComparer.Ordinal);
        for (var f = 0; f < features.Length; f++)
        {
            result[features[f]] = numeric[f] ? Drifted(f, numbers[f][row]) : text[f][row];
        }

        return result;
    }

    /// <summary>The row's label as the feedback body's JSON value: a number, true/false, or a string.</summary>
    public string LabelJson(int row)
    {
        var label = labels[row];
        if (TryNumber(label, out var value))
        {
            return value.ToString("R", CultureInfo.InvariantCulture);
        }

        return bool.TryParse(label, out var flag)
            ? (flag ? "true" : "false")
            : System.Text.Json.JsonSerializer.Serialize(label);
    }

    /// <summary>The row's label as a number (binary 1/0, true/false, or a regression value), or null when it is neither.</summary>
    public double? LabelValue(int row) =>
        TryNumber(labels[row], out var v) ? v : bool.TryParse(labels[row], out var b) ? (b ? 1 : 0) : null;

    /// <summary>Writes rows as CSV (header: the features, then <paramref name="labelColumn"/>), drift applied: the traffic as it was sent.</summary>
    public void WriteCsv(TextWriter writer, IEnumerable<int> rows, string labelColumn)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var name in features)
        {
            csv.WriteField(name);
        }

        csv.WriteField(labelColumn);
        csv.NextRecord();
        foreach (var row in rows)
        {
            for (var f = 0; f < features.Length; f++)
            {
                csv.WriteField(numeric[f] ? Drifted(f, numbers[f][row]).ToString("R", CultureInfo.InvariantCulture) : text[f][row]);
            }

            csv.WriteField(labels[row]);
            csv.NextRecord();
        }
    }

    private double Drifted(int feature, double value)
    {
        foreach (var d in drift)
        {
            if (string.Equals(d.Feature, features[feature], StringComparison.Ordinal))
            {
                value = d.Apply(value);
            }
        }

        return value;
    }

    private static bool IsMissing(string value) =>
        value.Trim() is "" || value.Trim().ToUpperInvariant() is "NA" or "NAN" or "NULL";

    private static bool TryNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
}

/// <summary>
/// Drift injected into one numeric feature: <c>income*0.6</c> scales it, <c>debt_ratio+0.12</c> (or <c>-0.12</c>)
/// shifts it. Several are separated by commas: <c>income*0.6,debt_ratio+0.12</c>.
/// </summary>
internal sealed record FeatureDrift(string Feature, char Operation, double Amount)
{
    public double Apply(double value) => Operation == '*' ? value * Amount : value + Amount;

    public static IReadOnlyList<FeatureDrift> ParseList(string? spec) =>
        string.IsNullOrWhiteSpace(spec) ? [] : [.. spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];

    public static FeatureDrift Parse(string spec)
    {
        // The first '*', '+' or '-' after which the rest reads as a number (feature names may hold '-', amounts '1e-3').
        for (var i = 1; i < spec.Length - 1; i++)
        {
            if (spec[i] is '*' or '+' or '-'
                && double.TryParse(spec[(i + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && double.IsFinite(amount)
                && spec[..i].Trim() is { Length: > 0 } feature)
            {
                return new FeatureDrift(feature, spec[i] == '*' ? '*' : '+', spec[i] == '-' ? -amount : amount);
            }
        }

        throw new ArgumentException($"drift: '{spec}' is not feature*factor, feature+shift or feature-shift (e.g. income*0.6,debt_ratio+0.12).");
    }
}
