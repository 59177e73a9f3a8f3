using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Jobs.Training;

namespace ModelLifecycle.Tests.Unit.Training;

/// <summary>The demo's card-transaction generator: deterministic for a seed, realistic enough to learn, drift where named.</summary>
public sealed class CardTransactionsTests
{
    [Fact]
    public void Same_seed_gives_the_same_csv_and_another_seed_does_not()
    {
        var a = CardTransactions.Generate(1500, 7);
        var b = CardTransactions.Generate(1500, 7);
        var c = CardTransactions.Generate(1500, 8);

        Assert.Equal(a.ToCsv(), b.ToCsv());
        Assert.Equal(a.Sha256(), b.Sha256());
        Assert.NotEqual(a.Sha256(), c.Sha256());
        Assert.StartsWith("amount,hour,distance_km,transactions_24h,card_age_days,channel,merchant_category,label\n", a.ToCsv(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_are_plausible_card_payments_with_a_minority_of_fraud()
    {
        var data = CardTransactions.Generate(20_000, 3);

        var fraudShare = data.Label.Average();
        Assert.InRange(fraudShare, 0.02, 0.10);
        Assert.All(data.Numeric["hour"], h => Assert.InRange(h, 0, 23));
        Assert.All(data.Numeric["amount"], a => Assert.True(a >= 0));
        Assert.InRange(Median(data.Numeric["amount"]), 25, 50);
        Assert.Equal(CardTransactions.Channels.Order(), data.Categorical["channel"].Distinct().Order());
        // Fraud is more likely online than at a chip terminal, as the generator documents.
        Assert.True(FraudShare(data, "online") > 2 * FraudShare(data, "chip"));
    }

    [Fact]
    public void Drift_shifts_exactly_the_named_features_and_leaves_the_others_identical()
    {
        var drift = new CardTransactionDrift(AmountFactor: 1.6, DistanceFactor: 2.5, OnlineShareIncrease: 0.2);
        var quiet = CardTransactions.Generate(10_000, 11);
        var drifted = CardTransactions.Generate(10_000, 11, drift);

        Assert.Equal(["amount", "distance_km", "channel"], drift.ShiftedFeatures);
        Assert.InRange(Median(drifted.Numeric["amount"]) / Median(quiet.Numeric["amount"]), 1.55, 1.65);
        Assert.InRange(Median(drifted.Numeric["distance_km"]) / Median(quiet.Numeric["distance_km"]), 2.3, 2.7);
        Assert.InRange(Share(drifted.Categorical["channel"], "online") - Share(quiet.Categorical["channel"], "online"), 0.17, 0.23);
        foreach (var unchanged in new[] { "hour", "transactions_24h", "card_age_days" })
        {
            Assert.Equal(quiet.Numeric[unchanged], drifted.Numeric[unchanged]);
        }

        Assert.Equal(quiet.Categorical["merchant_category"], drifted.Categorical["merchant_category"]);
    }

    [Fact]
    public void Hour_drift_moves_the_clock_and_no_drift_names_no_feature()
    {
        var quiet = CardTransactions.Generate(2000, 5);
        var later = CardTransactions.Generate(2000, 5, new CardTransactionDrift(HourShift: 3));

        Assert.Empty(CardTransactionDrift.None.ShiftedFeatures);
        Assert.Equal(["hour"], new CardTransactionDrift(HourShift: 3).ShiftedFeatures);
        Assert.All(Enumerable.Range(0, 2000), i => Assert.Equal((quiet.Numeric["hour"][i] + 3) % 24, later.Numeric["hour"][i]));
        Assert.Equal(quiet.Numeric["amount"], later.Numeric["amount"]);
    }

    [Fact]
    public void A_model_trained_on_the_generated_rows_finds_the_fraud_signal()
    {
        var data = CardTransactions.Generate(4000, 101);

        var result = TabularTrainer.Train(data, ModelTask.BinaryClassification, new TreeHyperparameters(8, 40, 0.1), seed: 1);

        Assert.True(result.Metrics["auc"] >= 0.70, $"auc = {result.Metrics["auc"]}");
    }

    private static double Median(float[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static double Share(string[] values, string value) => values.Count(v => v == value) / (double)values.Length;

    private static double FraudShare(TabularDataset data, string channel)
    {
        var rows = Enumerable.Range(0, data.Rows).Where(i => data.Categorical["channel"][i] == channel).ToArray();
        return rows.Average(i => data.Label[i]);
    }
}
