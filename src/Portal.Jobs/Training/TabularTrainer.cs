using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using ModelLifecycle.Domain.Registry;

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
}

/// <summary>A trained model: the ML.NET artifact (.zip) and its validation metrics.</summary>
public sealed record TrainingResult(byte[] Artifact, Dictionary<string, double> Metrics, int TrainRows, int ValidationRows);

/// <summary>
/// Trains an ML.NET model on a tabular dataset with a seeded train/validation split. Input columns keep the feature
/// names (float for numeric, string for categorical) so the saved artifact can be scored from a JSON feature object.
/// </summary>
public static class TabularTrainer
{
    public static TrainingResult Train(TabularDataset data, ModelTask task, TreeHyperparameters hp, int seed, double validationFraction = 0.25)
    {
        var ml = new MLContext(seed);
        var (view, path) = ToDataView(ml, data, task);
        try
        {
            return Train(ml, view, data, task, hp, seed, validationFraction);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static TrainingResult Train(MLContext ml, IDataView view, TabularDataset data, ModelTask task, TreeHyperparameters hp, int seed, double validationFraction)
    {
        var split = ml.Data.TrainTestSplit(view, validationFraction, seed: seed);

        var encoded = data.Categorical.Keys.Select(c => new InputOutputColumnPair($"{c}__onehot", c)).ToArray();
        var featureColumns = data.Numeric.Keys.Concat(encoded.Select(e => e.OutputColumnName)).ToArray();
        var prep = ml.Transforms.Categorical.OneHotEncoding(encoded).Append(ml.Transforms.Concatenate("Features", featureColumns));

        ITransformer model;
        Dictionary<string, double> metrics;
        if (task == ModelTask.BinaryClassification)
        {
            var pipeline = prep.Append(ml.BinaryClassification.Trainers.FastTree(
                labelColumnName: "Label", numberOfLeaves: hp.NumberOfLeaves, numberOfTrees: hp.NumberOfTrees,
                minimumExampleCountPerLeaf: hp.MinimumExampleCountPerLeaf, learningRate: hp.LearningRate));
            model = pipeline.Fit(split.TrainSet);
            var m = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
            metrics = new()
            {
                ["auc"] = Math.Round(m.AreaUnderRocCurve, 4),
                ["accuracy"] = Math.Round(m.Accuracy, 4),
                ["f1"] = Math.Round(m.F1Score, 4),
                ["precision"] = Math.Round(m.PositivePrecision, 4),
                ["recall"] = Math.Round(m.PositiveRecall, 4),
                ["logLoss"] = Math.Round(m.LogLoss, 4),
            };
        }
        else
        {
            var pipeline = prep.Append(ml.Regression.Trainers.FastTree(
                labelColumnName: "Label", numberOfLeaves: hp.NumberOfLeaves, numberOfTrees: hp.NumberOfTrees,
                minimumExampleCountPerLeaf: hp.MinimumExampleCountPerLeaf, learningRate: hp.LearningRate));
            model = pipeline.Fit(split.TrainSet);
            var m = ml.Regression.Evaluate(model.Transform(split.TestSet));
            metrics = new()
            {
                ["rmse"] = Math.Round(m.RootMeanSquaredError, 4),
                ["mae"] = Math.Round(m.MeanAbsoluteError, 4),
                ["r2"] = Math.Round(m.RSquared, 4),
            };
        }

        using var artifact = new MemoryStream();
        ml.Model.Save(model, view.Schema, artifact);
        var validationRows = (int)(split.TestSet.GetRowCount() ?? 0);
        return new TrainingResult(artifact.ToArray(), metrics, data.Rows - validationRows, validationRows);
    }

    private static (IDataView View, string Path) ToDataView(MLContext ml, TabularDataset data, ModelTask task)
    {
        // The schema is built at run time from the dataset's columns (no compiled class per model): write the rows as
        // CSV and let ML.NET's text loader type each column, numeric as Single and categorical as String.
        var path = Path.Combine(Path.GetTempPath(), $"ml-train-{Guid.NewGuid():N}.csv");
        var numeric = data.Numeric.ToList();
        var categorical = data.Categorical.ToList();
        using (var writer = new StreamWriter(path))
        {
            for (var i = 0; i < data.Rows; i++)
            {
                var cells = numeric.Select(c => c.Value[i].ToString("R", CultureInfo.InvariantCulture))
                    .Concat(categorical.Select(c => c.Value[i]))
                    .Append(task == ModelTask.BinaryClassification ? (data.Label[i] > 0.5f ? "true" : "false") : data.Label[i].ToString("R", CultureInfo.InvariantCulture));
                writer.WriteLine(string.Join(',', cells));
            }
        }

        var columns = new List<TextLoader.Column>();
        foreach (var c in numeric)
        {
            columns.Add(new TextLoader.Column(c.Key, DataKind.Single, columns.Count));
        }

        foreach (var c in categorical)
        {
            columns.Add(new TextLoader.Column(c.Key, DataKind.String, columns.Count));
        }

        columns.Add(new TextLoader.Column("Label", task == ModelTask.BinaryClassification ? DataKind.Boolean : DataKind.Single, columns.Count));
        return (ml.Data.LoadFromTextFile(path, [.. columns], separatorChar: ',', hasHeader: false), path);
    }
}
