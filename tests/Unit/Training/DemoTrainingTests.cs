using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Jobs.Training;

namespace ModelLifecycle.Tests.Unit.Training;

/// <summary>The demo seed's models go through the same pipeline and still tell the demo's story.</summary>
public sealed class DemoTrainingTests
{
    [Fact]
    public void Demo_credit_baseline_passes_its_auc_gate_with_a_stratified_split()
    {
        var data = DemoDatasets.CreditRisk(3000, 11);

        var result = TabularTrainer.Train(data, ModelTask.BinaryClassification, new TreeHyperparameters(8, 20, 0.1), seed: 42);

        Assert.True(result.Metrics["auc"] >= 0.80, $"auc = {result.Metrics["auc"]}");
        Assert.Equal(750, result.ValidationRows);
        Assert.Equal(2250, result.TrainRows);
    }

    [Fact]
    public void Demo_small_house_model_scores_below_the_production_one()
    {
        var production = TabularTrainer.Train(DemoDatasets.HousePrices(2500, 21), ModelTask.Regression, new TreeHyperparameters(16, 80, 0.1), seed: 42);
        var smaller = TabularTrainer.Train(DemoDatasets.HousePrices(800, 22), ModelTask.Regression, new TreeHyperparameters(4, 10, 0.3), seed: 42);

        Assert.True(production.Metrics["r2"] >= 0.8, $"r2 = {production.Metrics["r2"]}");
        Assert.True(smaller.Metrics["r2"] < production.Metrics["r2"], $"{smaller.Metrics["r2"]} vs {production.Metrics["r2"]}");
    }
}
