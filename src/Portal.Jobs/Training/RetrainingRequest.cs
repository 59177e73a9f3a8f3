using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Jobs.Training;

/// <summary>What to retrain: data, the model's schema and task, and how to search.</summary>
public sealed record RetrainingRequest
{
    public required TabularDataset Data { get; init; }

    /// <summary>The model's feature schema; the saved model's input columns follow it.</summary>
    public required IReadOnlyList<FeatureDefinition> Features { get; init; }

    public required ModelTask Task { get; init; }

    /// <summary>Null: the task's default family (FastTree, or randomized PCA for anomaly detection).</summary>
    public TrainerFamily? Family { get; init; }

    public SearchMethod Method { get; init; } = SearchMethod.Random;

    /// <summary>Configurations to try (for successive halving the trainings number more, see the strategy).</summary>
    public int Trials { get; init; } = 20;

    public int Seed { get; init; }

    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Null: <see cref="SearchSpace.Default"/> for the family.</summary>
    public SearchSpace? Space { get; init; }

    /// <summary>Trainer threads; null: the family's default (<see cref="TrainerEstimators.DefaultThreads"/>), which keeps
    /// the metrics bit-identical for the same data, space and seed.</summary>
    public int? Threads { get; init; }
}
