namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// A loaded model that scores rows of its model's feature schema. Implementations are thread-safe: one instance sits in
/// the model cache and serves every request for its version at once.
/// </summary>
public interface IModelScorer
{
    /// <summary>The version (text) this scorer was loaded for.</summary>
    string Version { get; }

    /// <summary>Scores one row; throws when the model cannot (the caller logs the failure against the version).</summary>
    ScoredPrediction Score(FeatureRow row);
}
