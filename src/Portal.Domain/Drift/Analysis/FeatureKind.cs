namespace ModelLifecycle.Domain.Drift.Analysis;

public enum FeatureKind
{
    Numeric,
    Categorical,
}
