namespace ModelLifecycle.Domain.Registry;

/// <summary>Kind of an input feature: numbers (float) or categories (string).</summary>
public enum FeatureType
{
    Numeric,
    Categorical,
}

/// <summary>One input of a model's feature schema.</summary>
public sealed record FeatureDefinition(string Name, FeatureType Type);
