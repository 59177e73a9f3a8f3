using ModelLifecycle.Jobs.Training;

namespace ModelLifecycle.Training.Bench;

/// <summary>
/// A seeded card-transaction-like table: 27 numeric and 3 categorical features, a fraud label from a logistic model
/// over a few of them with interactions (≈ 8 % positives), so trees have real structure to find.
/// </summary>
internal static class SyntheticTransactions
{
    private static readonly string[] Channels = ["pos", "online", "atm", "phone"];
    private static readonly string[] Countries = ["pt", "es", "fr", "de", "us", "br", "other"];
    private static readonly string[] Categories = ["grocery", "fuel", "travel", "electronics", "fashion", "gaming"];

    public static TabularDataset Create(int rows, int features, int seed)
    {
        var numericCount = features - 3;
        var rng = new Random(seed);
        var numeric = Enumerable.Range(0, numericCount).Select(_ => new float[rows]).ToArray();
        var channel = new string[rows];
        var country = new string[rows];
        var category = new string[rows];
        var label = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var f = 0; f < numericCount; f++)
            {
                numeric[f][i] = (float)Normal(rng);
            }

            channel[i] = Channels[rng.Next(Channels.Length)];
            country[i] = Countries[rng.Next(Countries.Length)];
            category[i] = Categories[rng.Next(Categories.Length)];
            var logit = -3.2 + (1.1 * numeric[0][i]) - (0.8 * numeric[1][i]) + (0.6 * numeric[2][i] * numeric[3][i])
                + (numeric[4][i] > 1.2 ? 1.0 : 0) + (channel[i] == "online" ? 0.7 : 0) + (country[i] == "other" ? 0.9 : 0)
                + (category[i] == "electronics" ? 0.5 : 0);
            label[i] = 1 / (1 + Math.Exp(-logit)) > rng.NextDouble() ? 1f : 0f;
        }

        return new TabularDataset(
            "transactions",
            Enumerable.Range(0, numericCount).ToDictionary(f => $"x{f:00}", f => numeric[f]),
            new Dictionary<string, string[]> { ["channel"] = channel, ["country"] = country, ["merchant_category"] = category },
            label);
    }

    // Box–Muller transform: one standard normal draw from two uniforms.
    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
