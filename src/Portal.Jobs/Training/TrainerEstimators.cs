using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Jobs.Training;

/// <summary>
/// The ML.NET trainer for a task, family and trial's hyperparameters (names as in <see cref="SearchSpace.Default"/>;
/// a missing one takes the trainer's usual default). Every trainer gets the trial's seed and a fixed thread count,
/// since the thread count changes how work, and so floating-point sums, are split.
/// </summary>
public static class TrainerEstimators
{
    public const string FeaturesColumn = "Features";

    public static IEstimator<ITransformer> Create(MLContext ml, ModelTask task, TrainerFamily family, Hyperparameters hp, int seed, int threads)
    {
        TrainerFamilies.Require(task, family);
        const string label = TabularDataView.LabelColumn;
        return (task, family) switch
        {
            (ModelTask.BinaryClassification, TrainerFamily.FastTree) => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = label,
                FeatureColumnName = FeaturesColumn,
                NumberOfTrees = hp.GetInt("numberOfTrees", 100),
                NumberOfLeaves = hp.GetInt("numberOfLeaves", 20),
                LearningRate = hp.GetDouble("learningRate", 0.2),
                MinimumExampleCountPerLeaf = hp.GetInt("minimumExampleCountPerLeaf", 10),
                NumberOfThreads = threads,
                Seed = seed,
            }),
            (ModelTask.Regression, TrainerFamily.FastTree) => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                LabelColumnName = label,
                FeatureColumnName = FeaturesColumn,
                NumberOfTrees = hp.GetInt("numberOfTrees", 100),
                NumberOfLeaves = hp.GetInt("numberOfLeaves", 20),
                LearningRate = hp.GetDouble("learningRate", 0.2),
                MinimumExampleCountPerLeaf = hp.GetInt("minimumExampleCountPerLeaf", 10),
                NumberOfThreads = threads,
                Seed = seed,
            }),
            (ModelTask.BinaryClassification, TrainerFamily.LightGbm) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = label,
                FeatureColumnName = FeaturesColumn,
                NumberOfIterations = hp.GetInt("numberOfTrees", 100),
                NumberOfLeaves = hp.GetInt("numberOfLeaves", 20),
                LearningRate = hp.GetDouble("learningRate", 0.1),
                MinimumExampleCountPerLeaf = hp.GetInt("minimumExampleCountPerLeaf", 10),
                Booster = new GradientBooster.Options { L2Regularization = hp.GetDouble("l2Regularization", 0.01) },
                NumberOfThreads = threads,
                Seed = seed,
                Silent = true,
            }),
            (ModelTask.Regression, TrainerFamily.LightGbm) => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = label,
                FeatureColumnName = FeaturesColumn,
                NumberOfIterations = hp.GetInt("numberOfTrees", 100),
                NumberOfLeaves = hp.GetInt("numberOfLeaves", 20),
                LearningRate = hp.GetDouble("learningRate", 0.1),
                MinimumExampleCountPerLeaf = hp.GetInt("minimumExampleCountPerLeaf", 10),
                Booster = new GradientBooster.Options { L2Regularization = hp.GetDouble("l2Regularization", 0.01) },
                NumberOfThreads = threads,
                Seed = seed,
                Silent = true,
            }),
            (ModelTask.BinaryClassification, TrainerFamily.LogisticRegression) => hp.GetChoice("solver", "lbfgs") switch
            {
                "sdca" => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = FeaturesColumn,
                    L1Regularization = (float)hp.GetDouble("l1Regularization", 0),
                    L2Regularization = (float)hp.GetDouble("l2Regularization", 1e-4),
                    NumberOfThreads = threads,
                }),
                "lbfgs" => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = label,
                    FeatureColumnName = FeaturesColumn,
                    L1Regularization = (float)hp.GetDouble("l1Regularization", 1),
                    L2Regularization = (float)hp.GetDouble("l2Regularization", 1),
                    NumberOfThreads = threads,
                }),
                var other => throw new ArgumentException($"solver: unknown logistic regression solver '{other}'."),
            },
            (ModelTask.AnomalyDetection, TrainerFamily.RandomizedPca) => ml.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options
            {
                FeatureColumnName = FeaturesColumn,
                Rank = hp.GetInt("rank", 20),
                Oversampling = hp.GetInt("oversampling", 20),
                EnsureZeroMean = hp.GetChoice("ensureZeroMean", "true") == "true",
                Seed = seed,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, $"No trainer for {family} on {task}."),
        };
    }

    /// <summary>Training rows from which FastTree gets every core: below it a split's work is too small to share, and on
    /// a busy machine the threads' waits for each other cost more than they save.</summary>
    public const int ParallelRows = 20_000;

    /// <summary>
    /// Threads a retraining gives the family by default. FastTree uses every core on large data: it splits the work by
    /// feature (each feature's histogram and best split is computed by one thread, then the best of them is taken), so
    /// its trees and metrics are the same for any thread count (FastTreeThreadsTests checks it). LightGbm and the linear
    /// trainers split sums over rows across threads, which can change the last bits, so they keep one thread.
    /// </summary>
    public static int DefaultThreads(TrainerFamily family, int trainingRows) =>
        family == TrainerFamily.FastTree && trainingRows >= ParallelRows ? Environment.ProcessorCount : 1;

    /// <summary>Linear and PCA models are scale-sensitive; trees split on ranks and need no scaling.</summary>
    public static bool NeedsScaling(TrainerFamily family) => family is TrainerFamily.LogisticRegression or TrainerFamily.RandomizedPca;
}
