using Microsoft.ML;
using Microsoft.ML.Data;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// A dataset prepared for training one model's feature schema: checked once, split once (seeded), then trained any
/// number of times with different trainers and hyperparameters. Categorical features are one-hot encoded, numeric
/// ones have missing values replaced by the training mean, and all are concatenated into one vector. The saved
/// model's input columns are the features by name (<c>float</c> / <c>string</c>); its output has <c>Score</c>, and
/// <c>Probability</c>/<c>PredictedLabel</c> for binary classification.
/// </summary>
public sealed class TrainingPipeline
{
    private static readonly string[] Reserved = [TabularDataView.LabelColumn, TrainerEstimators.FeaturesColumn, "Score", "Probability", "PredictedLabel"];

    private readonly TabularDataset data;
    private readonly DataViewType labelType;
    private readonly int threads;

    /// <param name="threads">Trainer threads. 1 keeps metrics identical run to run; more is faster but LightGbm
    /// and the linear trainers may then differ in the last bits.</param>
    public TrainingPipeline(TabularDataset data, IReadOnlyList<FeatureDefinition> features, ModelTask task, double validationFraction, int seed, int threads = 1)
    {
        if (features.Count == 0)
        {
            throw DomainException.Invalid("features: the model declares no features to train on.");
        }

        foreach (var feature in features)
        {
            var present = feature.Type == FeatureType.Numeric ? data.Numeric.ContainsKey(feature.Name) : data.Categorical.ContainsKey(feature.Name);
            if (!present)
            {
                throw DomainException.Invalid($"{feature.Name}: the dataset has no {feature.Type.ToString().ToLowerInvariant()} column for this feature.");
            }

            if (Reserved.Contains(feature.Name))
            {
                throw DomainException.Invalid($"{feature.Name}: the name is reserved for the model's own columns; rename the feature.");
            }
        }

        this.data = data;
        this.threads = threads;
        Features = features;
        Task = task;
        Seed = seed;
        Split = DatasetSplit.TrainValidation(task, data.Rows, data.Label, validationFraction, seed);
        // ML.NET's anomaly evaluator wants a Single 0/1 label, the binary trainers a Boolean one.
        labelType = task == ModelTask.BinaryClassification ? BooleanDataViewType.Instance : NumberDataViewType.Single;
    }

    public IReadOnlyList<FeatureDefinition> Features { get; }

    public ModelTask Task { get; }

    public int Seed { get; }

    public SplitIndices Split { get; }

    /// <summary>
    /// Trains one model on the training part (or the share of it named by the <c>trainingFraction</c>
    /// hyperparameter, the same rows for every trial of a run) and scores it on the whole validation part.
    /// </summary>
    public TrialModel Train(TrainerFamily family, Hyperparameters hyperparameters, int trialSeed)
    {
        var ml = new MLContext(trialSeed);
        var fraction = hyperparameters.GetDouble(SearchBudget.TrainingFraction, 1);
        var rows = DatasetSplit.Subsample(Split.Train, Task == ModelTask.Regression ? null : data.Label, fraction, Seed);
        var train = new TabularDataView(data, Features, rows, labelType);
        var validation = new TabularDataView(data, Features, Split.Validation, labelType);

        var model = Featurize(ml, family)
            .Append(TrainerEstimators.Create(ml, Task, family, hyperparameters, trialSeed, threads))
            .Fit(train);
        return new TrialModel(model, Evaluate(ml, model.Transform(validation)), rows.Length);
    }

    /// <summary>Writes the model as an ML.NET .zip whose declared input is the features only (no label).</summary>
    public void Save(ITransformer model, Stream destination) =>
        new MLContext().Model.Save(model, new TabularDataView(data, Features, [], null).Schema, destination);

    private IEstimator<ITransformer> Featurize(MLContext ml, TrainerFamily family)
    {
        var numeric = Features.Where(f => f.Type == FeatureType.Numeric).Select(f => f.Name).ToArray();
        var categorical = Features.Where(f => f.Type == FeatureType.Categorical).Select(f => f.Name).ToArray();
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        if (numeric.Length > 0)
        {
            chain = chain.Append(ml.Transforms.ReplaceMissingValues([.. numeric.Select(n => new InputOutputColumnPair(n))]));
        }

        // Encoded columns get a suffix so the feature columns keep their names and types in the saved schema.
        var encoded = categorical.Select(c => new InputOutputColumnPair($"{c}.onehot", c)).ToArray();
        if (encoded.Length > 0)
        {
            chain = chain.Append(ml.Transforms.Categorical.OneHotEncoding(encoded));
        }

        chain = chain.Append(ml.Transforms.Concatenate(TrainerEstimators.FeaturesColumn, [.. numeric, .. encoded.Select(e => e.OutputColumnName)]));
        return TrainerEstimators.NeedsScaling(family) ? chain.Append(ml.Transforms.NormalizeMinMax(TrainerEstimators.FeaturesColumn)) : chain;
    }

    private Dictionary<string, double> Evaluate(MLContext ml, IDataView scored)
    {
        const string label = TabularDataView.LabelColumn;
        switch (Task)
        {
            case ModelTask.BinaryClassification:
                var b = ml.BinaryClassification.Evaluate(scored, label);
                return new()
                {
                    ["auc"] = b.AreaUnderRocCurve,
                    ["f1"] = b.F1Score,
                    ["accuracy"] = b.Accuracy,
                    ["precision"] = b.PositivePrecision,
                    ["recall"] = b.PositiveRecall,
                    ["logLoss"] = b.LogLoss,
                };
            case ModelTask.Regression:
                var r = ml.Regression.Evaluate(scored, label);
                return new() { ["rmse"] = r.RootMeanSquaredError, ["mae"] = r.MeanAbsoluteError, ["r2"] = r.RSquared };
            default:
                // AUC of the anomaly score against the label is undefined unless validation holds both classes.
                var anomalies = Split.Validation.Count(i => data.Label[i] > 0.5f);
                if (anomalies == 0 || anomalies == Split.Validation.Length)
                {
                    return new() { ["auc"] = double.NaN };
                }

                var a = ml.AnomalyDetection.Evaluate(scored, label);
                return new() { ["auc"] = a.AreaUnderRocCurve, ["detectionRateAtFalsePositiveCount"] = a.DetectionRateAtFalsePositiveCount };
        }
    }
}
