using Microsoft.ML;

namespace ModelLifecycle.Jobs.Training;

/// <summary>A model trained for one trial, its validation metrics, and how many training rows it saw.</summary>
public sealed record TrialModel(ITransformer Model, IReadOnlyDictionary<string, double> Metrics, int TrainRows);
