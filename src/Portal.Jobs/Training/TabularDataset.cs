using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Jobs.Training;

/// <summary>A tabular dataset in memory: numeric and categorical columns plus a label, with a content hash.</summary>
public sealed record TabularDataset(
    string Name,
    IReadOnlyDictionary<string, float[]> Numeric,
    IReadOnlyDictionary<string, string[]> Categorical,
    float[] Label)
{
    public int Rows => Label.Length;

    /// <summary>The feature schema the columns describe: numeric columns, then categorical ones.</summary>
    public IReadOnlyList<FeatureDefinition> Features =>
        [.. Numeric.Keys.Select(n => new FeatureDefinition(n, FeatureType.Numeric)), .. Categorical.Keys.Select(c => new FeatureDefinition(c, FeatureType.Categorical))];

    /// <summary>SHA-256 of <see cref="ToCsv"/>, the dataset hash recorded on a version.</summary>
    public string Sha256() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToCsv())));

    /// <summary>The rows as CSV (see <see cref="WriteCsv"/>).</summary>
    public string ToCsv()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteCsv(text);
        return text.ToString();
    }

    /// <summary>
    /// Writes the rows as CSV with CsvHelper (RFC 4180 quoting, invariant culture, round-trip floats, "\n" line ends)
    /// under a header: numeric features, categorical features, then <c>label</c>.
    /// </summary>
    public void WriteCsv(TextWriter writer)
    {
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }, leaveOpen: true);
        foreach (var column in Numeric.Keys.Concat(Categorical.Keys).Append("label"))
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        for (var i = 0; i < Rows; i++)
        {
            foreach (var column in Numeric.Values)
            {
                csv.WriteField(column[i].ToString("R", CultureInfo.InvariantCulture));
            }

            foreach (var column in Categorical.Values)
            {
                csv.WriteField(column[i]);
            }

            csv.WriteField(Label[i].ToString("R", CultureInfo.InvariantCulture));
            csv.NextRecord();
        }

        csv.Flush();
    }
}
