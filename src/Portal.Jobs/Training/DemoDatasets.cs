namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// Seeded synthetic datasets for the demo models, so a fresh portal shows versions produced by real training
/// runs (no real customer data ships with the product). Each generator is deterministic for a seed (same seed,
/// same rows, same CSV bytes and hash), draws features from plausible distributions (log-normal incomes, areas
/// around 90 m², …), makes the label a noisy function of them (a logistic model for defaults, a priced formula
/// for flats), and takes drift parameters that shift feature distributions the way production traffic drifts, so
/// a drift check or a retrain on shifted data has something real to find. Written as CSV by
/// <see cref="TabularDataset.WriteCsv"/> (CsvHelper), the seed stores them as ordinary dataset versions.
/// </summary>
public static class DemoDatasets
{
    private static readonly string[] Regions = ["north", "south", "east", "west"];
    private static readonly string[] Cities = ["lisbon", "porto", "braga"];

    /// <summary>Credit default: income, debt ratio, age, open accounts, region → default (1) or not (0).</summary>
    /// <remarks>The shifts simulate drift in production traffic: log-income down, debt ratio up.</remarks>
    public static TabularDataset CreditRisk(int rows, int seed, double incomeLogShift = 0, double debtShift = 0)
    {
        var rng = new Random(seed);
        var income = new float[rows];
        var debt = new float[rows];
        var age = new float[rows];
        var accounts = new float[rows];
        var region = new string[rows];
        var label = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            income[i] = (float)Math.Exp(10.5 + incomeLogShift + (0.5 * Normal(rng)));
            debt[i] = (float)Math.Clamp(0.35 + debtShift + (0.15 * Normal(rng)), 0, 1.5);
            age[i] = (float)Math.Clamp(40 + (12 * Normal(rng)), 18, 90);
            accounts[i] = rng.Next(0, 12);
            region[i] = Regions[rng.Next(Regions.Length)];
            var logit = -1.0 + (10 * (debt[i] - 0.35)) - (2.5 * (Math.Log(income[i]) - 10.5)) - (0.04 * (age[i] - 40))
                + (0.3 * (accounts[i] - 5)) + (region[i] == "south" ? 0.9 : 0) + (0.3 * Normal(rng));
            label[i] = 1 / (1 + Math.Exp(-logit)) > rng.NextDouble() ? 1f : 0f;
        }

        return new TabularDataset(
            "credit-risk",
            new Dictionary<string, float[]> { ["income"] = income, ["debt_ratio"] = debt, ["age"] = age, ["open_accounts"] = accounts },
            new Dictionary<string, string[]> { ["region"] = region },
            label);
    }

    /// <summary>House prices: floor area, rooms, building age, city → price in thousands.</summary>
    /// <remarks>The drift: <paramref name="areaShift"/> moves the mean floor area (m²), e.g. smaller flats entering the market.</remarks>
    public static TabularDataset HousePrices(int rows, int seed, double areaShift = 0)
    {
        var rng = new Random(seed);
        var area = new float[rows];
        var rooms = new float[rows];
        var age = new float[rows];
        var city = new string[rows];
        var price = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            area[i] = (float)Math.Clamp(90 + areaShift + (35 * Normal(rng)), 25, 400);
            rooms[i] = Math.Max(1, (float)Math.Round(area[i] / 30 + (0.7 * Normal(rng))));
            age[i] = (float)Math.Clamp(25 + (18 * Normal(rng)), 0, 120);
            city[i] = Cities[rng.Next(Cities.Length)];
            var cityPremium = city[i] switch { "lisbon" => 1.35, "porto" => 1.1, _ => 0.85 };
            price[i] = (float)((((2.6 * area[i]) + (12 * rooms[i]) - (0.9 * age[i])) * cityPremium) + (25 * Normal(rng)));
        }

        return new TabularDataset(
            "house-prices",
            new Dictionary<string, float[]> { ["area_m2"] = area, ["rooms"] = rooms, ["building_age"] = age },
            new Dictionary<string, string[]> { ["city"] = city },
            price);
    }

    // Box–Muller transform: one standard normal draw from two uniforms.
    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
