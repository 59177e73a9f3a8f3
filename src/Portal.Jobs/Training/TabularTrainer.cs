using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Jobs.Training;

/// <summary>Hyperparameters of the gradient-boosted trees trainer (ML.NET FastTree).</summary>
public sealed record TreeHyperparameters(int NumberOfLeaves = 20, int NumberOfTrees = 100, double LearningRate = 0.2, int MinimumExampleCountPerLeaf = 10)
{
    public Dictionary<string, JsonElement> ToDictionary() => new()
    {
        ["trainer"] = JsonSerializer.SerializeToElement("FastTree"),
        ["numberOfLeaves"] = JsonSerializer.SerializeToElement(NumberOfLeaves),
        ["numberOfTrees"] = JsonSerializer.SerializeToElement(NumberOfTrees),
        ["learningRate"] = JsonSerializer.SerializeToElement(LearningRate),
        ["minimumExampleCountPerLeaf"] = JsonSerializer.SerializeToElement(MinimumExampleCountPerLeaf),
    };

    /// <summary>The same values under the names <see cref="SearchSpace.Default"/> uses for FastTree.</summary>
    public Hyperparameters ToHyperparameters() => Hyperparameters.Empty
        .With("numberOfLeaves", NumberOfLeaves)
        .With("numberOfTrees", NumberOfTrees)
        .With("learningRate", LearningRate)
        .With("minimumExampleCountPerLeaf", MinimumExampleCountPerLeaf);
}

/// <summary>A trained model: the ML.NET artifact (.zip) and its validation metrics.</summary>
public sealed record TrainingResult(byte[] Artifact, Dictionary<string, double> Metrics, int TrainRows, int ValidationRows);

/// <summary>
/// Trains one model with fixed hyperparameters (no search) through <see cref="TrainingPipeline"/>, as the demo seed
/// does: same split, featurisation and saved schema as a retraining run, metrics rounded to 4 places for display.
/// </summary>
public static class TabularTrainer
{
    public static TrainingResult Train(TabularDataset data, ModelTask task, TreeHyperparameters hp, int seed, double validationFraction = 0.25)
    {
        var pipeline = new TrainingPipeline(data, data.Features, task, validationFraction, seed);
        var trial = pipeline.Train(TrainerFamily.FastTree, hp.ToHyperparameters(), seed);
        using var artifact = new MemoryStream();
        pipeline.Save(trial.Model, artifact);
        var metrics = trial.Metrics.ToDictionary(m => m.Key, m => Math.Round(m.Value, 4));
        return new TrainingResult(artifact.ToArray(), metrics, pipeline.Split.Train.Length, pipeline.Split.Validation.Length);
    }
}
