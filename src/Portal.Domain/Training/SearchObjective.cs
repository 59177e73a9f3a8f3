using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Training;

/// <summary>The validation metric a search optimises and its direction.</summary>
public sealed record SearchObjective(string Metric, bool HigherIsBetter)
{
    /// <summary>AUC for binary classification and anomaly detection (threshold-free), RMSE for regression.</summary>
    public static SearchObjective For(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => new("auc", true),
        ModelTask.Regression => new("rmse", false),
        ModelTask.AnomalyDetection => new("auc", true),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };

    /// <summary>The score as "higher is better"; an undefined score (NaN, e.g. AUC with one class) ranks last.</summary>
    public double Utility(double score) => double.IsNaN(score) ? double.NegativeInfinity : HigherIsBetter ? score : -score;

    public bool IsBetter(double candidate, double incumbent) => Utility(candidate) > Utility(incumbent);
}
