using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>The rows as CSV (invariant culture) with a header: features, then <c>label</c>.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Numeric.Keys.Concat(Categorical.Keys)).Append(",label\n");
        for (var i = 0; i < Rows; i++)
        {
            foreach (var c in Numeric.Keys)
            {
                sb.Append(Numeric[c][i].ToString("R", CultureInfo.InvariantCulture)).Append(',');
            }

            foreach (var c in Categorical.Keys)
            {
                sb.Append(Categorical[c][i]).Append(',');
            }

            sb.Append(Label[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }
}
