using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Jobs.Training;

/// <summary>A finished retraining: the best trial's model (ML.NET .zip), every trial, and what lineage records.</summary>
public sealed record RetrainingResult(
    byte[] Artifact,
    TrainerFamily Family,
    SearchObjective Objective,
    TrialResult Best,
    IReadOnlyList<TrialResult> Trials,
    int TrainRows,
    int ValidationRows,
    TimeSpan Duration)
{
    public Hyperparameters BestHyperparameters => Best.Hyperparameters;

    public IReadOnlyDictionary<string, double> Metrics => Best.Metrics;

    /// <summary>The best hyperparameters as a version records them, with the trainer family under <c>trainer</c>.</summary>
    public Dictionary<string, string> VersionHyperparameters()
    {
        var values = BestHyperparameters.ToStrings();
        values["trainer"] = Family.ToString();
        return values;
    }
}
