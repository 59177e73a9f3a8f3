using System.Globalization;
using ModelLifecycle.Domain.Drift.Statistics;

namespace ModelLifecycle.Domain.Drift.Analysis;

/// <summary>
/// The recommendation rule, first match wins:
/// <list type="number">
/// <item>no feature could be evaluated and no scores were compared → not enough data;</item>
/// <item>dataset drift (drift share ≥ threshold) or concept drift (scores drifted) → retrain;</item>
/// <item>some drifted feature is High or Critical → investigate the drifted features;</item>
/// <item>some feature drifted (all Moderate) → monitor them;</item>
/// <item>otherwise → no action.</item>
/// </list>
/// Feature lists follow the report order (most severe first).
/// </summary>
public static class DriftRecommendations
{
    public static DriftRecommendation For(
        IReadOnlyList<FeatureDriftResult> ordered, int evaluated, double share, bool datasetDrift, ConceptDriftResult? concept)
    {
        var drifted = ordered.Where(f => f.Drifted).Select(f => f.Name).ToList();
        var conceptEvaluated = concept is not null && concept.Status != FeatureStatus.NotEnoughData;
        if (evaluated == 0 && !conceptEvaluated)
        {
            return new DriftRecommendation(RecommendationKind.NotEnoughData, [],
                "Not enough data to judge drift: no feature had enough values in both windows.");
        }

        if (datasetDrift || concept?.Drifted == true)
        {
            var reasons = new List<string>();
            if (datasetDrift)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{drifted.Count} of {evaluated} features drifted ({share:P0})"));
            }

            if (concept?.Drifted == true)
            {
                reasons.Add($"the model's scores drifted (severity {concept.Severity})");
            }

            return new DriftRecommendation(RecommendationKind.Retrain, drifted, $"Retrain: {string.Join(" and ", reasons)}.");
        }

        if (ordered.Any(f => f.Drifted && f.Severity >= DriftSeverity.High))
        {
            return new DriftRecommendation(RecommendationKind.Investigate, drifted, $"Investigate features {string.Join(", ", drifted)}.");
        }

        if (drifted.Count > 0)
        {
            return new DriftRecommendation(RecommendationKind.Monitor, drifted,
                $"Monitor features {string.Join(", ", drifted)}: moderate drift.");
        }

        return new DriftRecommendation(RecommendationKind.NoAction, [], "No action: no significant drift.");
    }
}
