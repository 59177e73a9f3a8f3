namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// What a model said about one row. Binary classification: <see cref="Prediction"/> 1 or 0 and <see cref="Score"/>
/// the probability of 1; regression: both the predicted value; anomaly detection: 1 for an anomaly and the anomaly score.
/// </summary>
public readonly record struct ScoredPrediction(double Prediction, double Score);
