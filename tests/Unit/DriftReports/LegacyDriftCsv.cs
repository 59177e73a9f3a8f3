using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Tests.Unit.DriftReports;

/// <summary>
/// The drift CSV reader as it was before the streamed parser (CsvHelper 33, whole window through a StreamReader),
/// kept verbatim as the oracle the new parser is compared with: same columns, same missing values, same refusals.
/// </summary>
internal static class LegacyDriftCsv
{
    private const string ScoreColumn = "score";
    private const string LabelColumn = "label";

    public static DriftWindow Read(Stream csv, IReadOnlyList<FeatureDefinition> schema, string windowName)
    {
        if (schema.Count == 0)
        {
            throw DomainException.Invalid("The model has no feature schema; declare its features before checking drift.");
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            DetectColumnCountChanges = true,
            TrimOptions = TrimOptions.Trim,
            // A stray quote is malformed data, not a character to keep: refuse it with its row instead of
            // letting an unterminated quote swallow every following row into one field.
            BadDataFound = args => throw DomainException.Invalid(
                $"The {windowName} CSV is malformed at row {args.Context.Parser?.Row ?? 0}: a quote is not closed or is followed by other characters ({Truncate(FirstLine(args.RawRecord))})."),
        };
        using var reader = new StreamReader(csv);
        using var parser = new CsvReader(reader, config);
        string[] header;
        try
        {
            if (!parser.Read() || !parser.ReadHeader() || parser.HeaderRecord is not { Length: > 0 } h)
            {
                throw DomainException.Invalid($"The {windowName} CSV is empty: it needs a header row and data rows.");
            }

            header = h;
        }
        catch (CsvHelperException ex)
        {
            throw DomainException.Invalid($"The {windowName} CSV is malformed at row 1: {FirstLine(ex.Message)}");
        }

        var columns = MapColumns(header, schema, windowName);
        var numeric = schema.Where(f => f.Type == FeatureType.Numeric).ToDictionary(f => f.Name, _ => new List<double>(), StringComparer.Ordinal);
        var categorical = schema.Where(f => f.Type == FeatureType.Categorical).ToDictionary(f => f.Name, _ => new List<string?>(), StringComparer.Ordinal);
        List<double>? scores = columns.Score is null ? null : [];
        var row = 1;
        try
        {
            while (parser.Read())
            {
                row++;
                foreach (var (name, index) in columns.Features)
                {
                    var cell = parser.GetField(index);
                    if (numeric.TryGetValue(name, out var values))
                    {
                        values.Add(ParseNumber(cell, windowName, row, name));
                    }
                    else
                    {
                        categorical[name].Add(MissingValues.IsMissing(cell) ? null : cell);
                    }
                }

                if (columns.Score is { } scoreIndex)
                {
                    scores!.Add(ParseNumber(parser.GetField(scoreIndex), windowName, row, ScoreColumn));
                }
            }
        }
        catch (CsvHelperException ex)
        {
            throw DomainException.Invalid($"The {windowName} CSV is malformed at row {row + 1}: {FirstLine(ex.Message)}");
        }

        if (row == 1)
        {
            throw DomainException.Invalid($"The {windowName} CSV has a header but no data rows.");
        }

        return new DriftWindow
        {
            Numeric = numeric.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal),
            Categorical = categorical.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string?>)kv.Value, StringComparer.Ordinal),
            Scores = scores?.ToArray(),
        };
    }

    private static (List<(string Name, int Index)> Features, int? Score) MapColumns(string[] header, IReadOnlyList<FeatureDefinition> schema, string windowName)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            if (!index.TryAdd(header[i], i))
            {
                throw DomainException.Invalid($"The {windowName} CSV has the column '{header[i]}' twice.");
            }
        }

        var missing = schema.Where(f => !index.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw DomainException.Invalid($"The {windowName} CSV lacks the model's feature column(s): {string.Join(", ", missing)}.");
        }

        var known = schema.Select(f => f.Name).Append(ScoreColumn).Append(LabelColumn).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = header.Where(h => !known.Contains(h)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid($"The {windowName} CSV has column(s) that are not in the model's feature schema: {string.Join(", ", unknown)}.");
        }

        return (schema.Select(f => (f.Name, index[f.Name])).ToList(), index.TryGetValue(ScoreColumn, out var s) ? s : null);
    }

    private static double ParseNumber(string? cell, string windowName, int row, string column)
    {
        if (MissingValues.IsMissing(cell))
        {
            return double.NaN;
        }

        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return MissingValues.IsUsable(value)
                ? value
                : throw DomainException.Invalid($"The {windowName} CSV has the value {Truncate(cell ?? "")} in numeric column '{column}' at row {row}; values beyond ±{MissingValues.MaxMagnitude:0e0} are refused.");
        }

        throw DomainException.Invalid($"The {windowName} CSV has a non-numeric value '{Truncate(cell)}' in numeric column '{column}' at row {row}.");
    }

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
