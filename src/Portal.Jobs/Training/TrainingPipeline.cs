using Microsoft.ML;
using Microsoft.ML.Data;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// A dataset prepared for training one model's feature schema: checked once, split once (seeded), then trained any
/// number of times with different trainers and hyperparameters. Categorical features are one-hot encoded, numeric
/// ones have missing values replaced by the training mean, and all are concatenated into one vector (min-max scaled
/// for the linear and PCA trainers). The saved
/// model's input columns are the features by name (<c>float</c> / <c>string</c>); its output has <c>Score</c>, and
/// <c>Probability</c>/<c>PredictedLabel</c> for binary classification.
/// </summary>
public sealed class TrainingPipeline
{
    private static readonly string[] Reserved = [TabularDataView.LabelColumn, TrainerEstimators.FeaturesColumn, "Score", "Probability", "PredictedLabel"];

    private readonly TabularDataset data;
    private readonly DataViewType labelType;
    private readonly int threads;
    private readonly Lazy<ITransformer> featurizer;
    private readonly Lazy<IDataView> featurizedValidation;
    private readonly Dictionary<double, (IDataView View, int Rows)> featurizedTraining = [];

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
        featurizer = new Lazy<ITransformer>(FitFeaturizer);
        featurizedValidation = new Lazy<IDataView>(() => Cache(new TabularDataView(data, Features, Split.Validation, labelType)));
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
        var (train, rows) = FeaturizedTraining(fraction);

        var trainer = TrainerEstimators.Create(ml, Task, family, hyperparameters, trialSeed, threads);
        var estimator = TrainerEstimators.NeedsScaling(family)
            ? ml.Transforms.NormalizeMinMax(TrainerEstimators.FeaturesColumn).Append(trainer)
            : (IEstimator<ITransformer>)trainer;
        var fitted = estimator.Fit(train);
        var model = featurizer.Value.Append(fitted);

        // Scored from the cached featurised validation rows: the same values the whole model would compute from the
        // raw columns (the featuriser is fixed for the run), without encoding the validation part again every trial.
        return new TrialModel(model, Evaluate(ml, fitted.Transform(featurizedValidation.Value)), rows);
    }

    // The featurised rows (Features vector and Label) of the training part, or of the share of it a trial's budget
    // names, computed on first use and kept in memory for the run: every trial reads the same values, so trials after
    // the first skip the missing-value replacement, one-hot encoding and concatenation of every row.
    private (IDataView View, int Rows) FeaturizedTraining(double fraction)
    {
        lock (featurizedTraining)
        {
            if (!featurizedTraining.TryGetValue(fraction, out var cached))
            {
                var rows = DatasetSplit.Subsample(Split.Train, Task == ModelTask.Regression ? null : data.Label, fraction, Seed);
                cached = (Cache(new TabularDataView(data, Features, rows, labelType)), rows.Length);
                featurizedTraining[fraction] = cached;
            }

            return cached;
        }
    }

    private IDataView Cache(TabularDataView rows) =>
        new MLContext(Seed).Data.Cache(featurizer.Value.Transform(rows), TrainerEstimators.FeaturesColumn, TabularDataView.LabelColumn);

    /// <summary>Writes the model as an ML.NET .zip whose declared input is the features only (no label).</summary>
    public void Save(ITransformer model, Stream destination) =>
        new MLContext().Model.Save(model, new TabularDataView(data, Features, [], null).Schema, destination);

    // Fitted once per run on the whole training part (missing-value means, one-hot dictionaries), so trials only
    // fit their trainer: every trial sees the same encoding and the data passes of fitting it are not repeated.
    private ITransformer FitFeaturizer()
    {
        var ml = new MLContext(Seed);
        return Featurize(ml).Fit(new TabularDataView(data, Features, Split.Train, labelType));
    }

    private IEstimator<ITransformer> Featurize(MLContext ml)
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

        return chain.Append(ml.Transforms.Concatenate(TrainerEstimators.FeaturesColumn, [.. numeric, .. encoded.Select(e => e.OutputColumnName)]));
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
