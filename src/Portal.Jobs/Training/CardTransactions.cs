namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// A seeded generator of card transactions with a fraud label, the demo's realistic tabular data (no real customer
/// data ships with the product). Each row is one card payment:
/// <list type="bullet">
/// <item><c>amount</c>: euros, log-normal (median ≈ 35 €, a long tail of large purchases);</item>
/// <item><c>hour</c>: local hour 0–23, mostly daytime with an evening peak and a thin night;</item>
/// <item><c>distance_km</c>: from the cardholder's home, log-normal (most payments within a few km);</item>
/// <item><c>transactions_24h</c>: the card's payments in the previous 24 hours (a Poisson-like count);</item>
/// <item><c>card_age_days</c>: days since the card was issued;</item>
/// <item><c>channel</c>: chip, contactless, online or atm; <c>merchant_category</c>: grocery, fuel, restaurants,
/// travel, electronics, fashion or gaming.</item>
/// </list>
/// The label (1 = fraud, ≈ 5 % of rows) is drawn from a logistic model of the features, the way fraud looks in
/// published card data: large amounts, night hours, far from home, bursts of payments, young cards, online and
/// electronics/gaming purchases raise the odds. So a trained model has real structure to find, and
/// P(fraud | features) never changes: a drifted window moves the features (covariate drift), not the rule.
/// <para>
/// Deterministic for a seed: the same seed, row count and drift give the same rows (and so the same CSV bytes and
/// hash). Every row draws the same random numbers in the same order whatever the drift, which is applied on top of
/// the draws, so a drifted window differs from the undrifted one of the same seed only in the features the
/// <see cref="CardTransactionDrift"/> names (and in the labels that follow from them).
/// </para>
/// </summary>
public static class CardTransactions
{
    public const string ModelName = "card-fraud";

    public static readonly string[] Channels = ["chip", "contactless", "online", "atm"];
    public static readonly string[] MerchantCategories = ["grocery", "fuel", "restaurants", "travel", "electronics", "fashion", "gaming"];

    // Channel shares without drift (chip, contactless, online, atm) and merchant category shares.
    private static readonly double[] ChannelShares = [0.30, 0.38, 0.25, 0.07];
    private static readonly double[] CategoryShares = [0.30, 0.12, 0.18, 0.08, 0.10, 0.14, 0.08];

    /// <summary>Generates <paramref name="rows"/> transactions; <paramref name="drift"/> (default none) shifts the features it names.</summary>
    public static TabularDataset Generate(int rows, int seed, CardTransactionDrift? drift = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        drift ??= CardTransactionDrift.None;
        var rng = new Random(seed);
        var amount = new float[rows];
        var hour = new float[rows];
        var distance = new float[rows];
        var recent = new float[rows];
        var cardAge = new float[rows];
        var channel = new string[rows];
        var category = new string[rows];
        var label = new float[rows];
        var onlineShares = Shift(ChannelShares, 2, drift.OnlineShareIncrease);
        for (var i = 0; i < rows; i++)
        {
            // Fixed draw order per row, independent of the drift.
            var zAmount = Normal(rng);
            var uHour = rng.NextDouble();
            var zHour = Normal(rng);
            var zDistance = Normal(rng);
            var uRecent = rng.NextDouble();
            var uCardAge = rng.NextDouble();
            var uChannel = rng.NextDouble();
            var uCategory = rng.NextDouble();
            var uLabel = rng.NextDouble();
            var noise = Normal(rng);

            amount[i] = (float)Math.Round(Math.Exp(3.55 + (1.05 * zAmount)) * drift.AmountFactor, 2);
            // Daytime around 13:00 (80 %), an evening peak around 20:00 (15 %), the night (5 %).
            var h = uHour < 0.80 ? 13 + (3.2 * zHour) : uHour < 0.95 ? 20 + (1.5 * zHour) : 3 + (1.5 * zHour);
            hour[i] = (float)(((Math.Floor(h + drift.HourShift) % 24) + 24) % 24);
            distance[i] = (float)Math.Round(Math.Exp(1.4 + (1.2 * zDistance)) * drift.DistanceFactor, 1);
            recent[i] = Poisson(uRecent, 2.2);
            cardAge[i] = (float)Math.Floor(30 + (3600 * Math.Pow(uCardAge, 1.6)));
            channel[i] = Pick(Channels, onlineShares, uChannel);
            category[i] = Pick(MerchantCategories, CategoryShares, uCategory);

            var night = hour[i] is < 6 or >= 23 ? 1 : 0;
            var logit = -3.3
                + (0.55 * (Math.Log(amount[i] + 1) - 3.55))
                + (1.1 * night)
                + (0.45 * Math.Log(1 + (distance[i] / 10)))
                + (0.22 * (recent[i] - 2.2))
                - (0.9 * Math.Min(cardAge[i], 365) / 365)
                + (channel[i] == "online" ? 1.0 : channel[i] == "atm" ? 0.4 : channel[i] == "contactless" ? -0.3 : 0)
                + (category[i] is "electronics" or "gaming" ? 0.8 : category[i] == "travel" ? 0.4 : 0)
                + (0.35 * noise);
            label[i] = 1 / (1 + Math.Exp(-logit)) > uLabel ? 1f : 0f;
        }

        return new TabularDataset(
            ModelName,
            new Dictionary<string, float[]>
            {
                ["amount"] = amount,
                ["hour"] = hour,
                ["distance_km"] = distance,
                ["transactions_24h"] = recent,
                ["card_age_days"] = cardAge,
            },
            new Dictionary<string, string[]> { ["channel"] = channel, ["merchant_category"] = category },
            label);
    }

    // The category whose cumulative share first exceeds u.
    private static string Pick(string[] values, double[] shares, double u)
    {
        var cumulative = 0.0;
        for (var i = 0; i < values.Length - 1; i++)
        {
            cumulative += shares[i];
            if (u < cumulative)
            {
                return values[i];
            }
        }

        return values[^1];
    }

    // Moves `increase` of share to the category at `index`, taken from the others in proportion to their shares.
    private static double[] Shift(double[] shares, int index, double increase)
    {
        if (increase == 0)
        {
            return shares;
        }

        var target = Math.Clamp(shares[index] + increase, 0, 1);
        var rest = 1 - shares[index];
        return [.. shares.Select((s, i) => i == index ? target : rest == 0 ? 0 : s * (1 - target) / rest)];
    }

    // Inverse-CDF draw from a Poisson distribution with the given mean, from one uniform.
    private static float Poisson(double u, double mean)
    {
        var k = 0;
        var p = Math.Exp(-mean);
        var cumulative = p;
        while (u > cumulative && k < 60)
        {
            k++;
            p *= mean / k;
            cumulative += p;
        }

        return k;
    }

    // Box–Muller transform: one standard normal draw from two uniforms.
    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
