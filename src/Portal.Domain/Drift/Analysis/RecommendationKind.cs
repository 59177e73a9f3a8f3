namespace ModelLifecycle.Domain.Drift.Analysis;

public enum RecommendationKind
{
    NotEnoughData,
    NoAction,
    Monitor,
    Investigate,
    Retrain,
}
