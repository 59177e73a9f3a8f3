using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// Reads a CSV with a header (the model's features by name, plus <c>label</c>) into a <see cref="TabularDataset"/>.
/// Numbers use the invariant culture; an empty numeric cell is missing (NaN, replaced by the training mean); a
/// binary or anomaly label is 0/1 or false/true. Extra columns are ignored. The first bad cell is refused with its
/// row number (1 = the first data row).
/// </summary>
public static class TabularCsv
{
    public const string LabelColumn = "label";

    public static TabularDataset Read(string path, IReadOnlyList<FeatureDefinition> features, ModelTask task)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileNameWithoutExtension(path), features, task);
    }

    public static TabularDataset Read(Stream csv, string name, IReadOnlyList<FeatureDefinition> features, ModelTask task)
    {
        using var reader = new StreamReader(csv);
        using var parser = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        if (!parser.Read() || !parser.ReadHeader())
        {
            throw DomainException.Invalid("file: the CSV is empty; it needs a header row.");
        }

        var header = parser.HeaderRecord!;
        foreach (var column in features.Select(f => f.Name).Append(LabelColumn))
        {
            if (!header.Contains(column, StringComparer.Ordinal))
            {
                throw DomainException.Invalid($"{column}: column missing from the CSV header.");
            }
        }

        var numeric = features.Where(f => f.Type == FeatureType.Numeric).ToDictionary(f => f.Name, _ => new List<float>());
        var categorical = features.Where(f => f.Type == FeatureType.Categorical).ToDictionary(f => f.Name, _ => new List<string>());
        var labels = new List<float>();
        for (var row = 1; parser.Read(); row++)
        {
            foreach (var (column, values) in numeric)
            {
                var cell = parser.GetField(column) ?? "";
                values.Add(cell.Length == 0 ? float.NaN : ParseNumber(cell, column, row));
            }

            foreach (var (column, values) in categorical)
            {
                values.Add(parser.GetField(column) ?? "");
            }

            labels.Add(ParseLabel(parser.GetField(LabelColumn) ?? "", task, row));
        }

        return new TabularDataset(
            name,
            numeric.ToDictionary(c => c.Key, c => c.Value.ToArray()),
            categorical.ToDictionary(c => c.Key, c => c.Value.ToArray()),
            [.. labels]);
    }

    private static float ParseNumber(string cell, string column, int row) =>
        float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value)
            ? value
            : throw DomainException.Invalid($"{column}: row {row} has '{cell}', not a number.");

    private static float ParseLabel(string cell, ModelTask task, int row)
    {
        if (task == ModelTask.Regression)
        {
            return ParseNumber(cell, LabelColumn, row);
        }

        return cell.ToLowerInvariant() switch
        {
            "1" or "true" => 1f,
            "0" or "false" => 0f,
            _ => throw DomainException.Invalid($"{LabelColumn}: row {row} has '{cell}'; a {task} label is 0/1 or false/true."),
        };
    }
}
