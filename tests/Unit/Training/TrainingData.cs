using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Training;

namespace ModelLifecycle.Tests.Unit.Training;

/// <summary>Small seeded datasets and spaces that keep training tests to a fraction of a second per trial.</summary>
internal static class TrainingData
{
    public static TabularDataset Binary(int rows = 2000, int seed = 11) => DemoDatasets.CreditRisk(rows, seed);

    public static TabularDataset Regression(int rows = 1500, int seed = 21) => DemoDatasets.HousePrices(rows, seed);

    /// <summary>Sensor readings: three correlated channels plus a site; 3 % anomalies break the correlation.</summary>
    public static TabularDataset Anomaly(int rows = 2000, int seed = 31)
    {
        var rng = new Random(seed);
        string[] sites = ["a", "b"];
        var x = new float[rows];
        var y = new float[rows];
        var z = new float[rows];
        var site = new string[rows];
        var label = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            var t = (rng.NextDouble() * 2) - 1;
            var anomaly = rng.NextDouble() < 0.03;
            x[i] = (float)(t + (0.05 * rng.NextDouble()));
            y[i] = (float)((anomaly ? -2 * t : 2 * t) + (0.05 * rng.NextDouble()));
            z[i] = (float)((anomaly ? 1.5 : -t) + (0.05 * rng.NextDouble()));
            site[i] = sites[rng.Next(2)];
            label[i] = anomaly ? 1 : 0;
        }

        return new TabularDataset(
            "sensors",
            new Dictionary<string, float[]> { ["x"] = x, ["y"] = y, ["z"] = z },
            new Dictionary<string, string[]> { ["site"] = site },
            label);
    }

    public static TabularDataset For(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => Binary(),
        ModelTask.Regression => Regression(),
        _ => Anomaly(),
    };

    /// <summary>The default space with trees capped at 30, so a trial stays fast.</summary>
    public static SearchSpace SmallSpace(TrainerFamily family, int features)
    {
        var space = SearchSpace.Default(family, features);
        if (space.Budget.Parameter != "numberOfTrees")
        {
            return space;
        }

        return new SearchSpace(
            family,
            [.. space.Parameters.Select(p => p.Name == "numberOfTrees" ? new IntRange("numberOfTrees", 5, 30, logScale: true) : p)],
            new SearchBudget("numberOfTrees", 5, 30));
    }

    public static RetrainingRequest Request(ModelTask task, TrainerFamily family, int trials = 3, int seed = 7, SearchMethod method = SearchMethod.Random)
    {
        var data = For(task);
        return new RetrainingRequest
        {
            Data = data,
            Features = data.Features,
            Task = task,
            Family = family,
            Trials = trials,
            Seed = seed,
            Method = method,
            Space = SmallSpace(family, data.Features.Count),
        };
    }
}
