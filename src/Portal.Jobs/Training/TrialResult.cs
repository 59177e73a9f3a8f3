using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Jobs.Training;

/// <summary>One finished trial: what it trained with, how it scored on validation, and how long it took.</summary>
public sealed record TrialResult(
    int Number,
    int Rung,
    Hyperparameters Hyperparameters,
    IReadOnlyDictionary<string, double> Metrics,
    double Score,
    int TrainRows,
    TimeSpan Duration);
