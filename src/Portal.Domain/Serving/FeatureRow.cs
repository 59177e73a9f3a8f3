using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// One request's features, checked against the model's schema and laid out in schema order: numeric features in
/// <see cref="Numbers"/>, categorical ones in <see cref="Texts"/>, both indexed by the feature's position in
/// <see cref="Schema"/>. Read-only once built, so a shadow version may score the same row on another thread.
/// </summary>
public sealed class FeatureRow
{
    public FeatureRow(IReadOnlyList<FeatureDefinition> schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        Numbers = new float[schema.Count];
        Texts = new string[schema.Count];
    }

    public IReadOnlyList<FeatureDefinition> Schema { get; }

    /// <summary>The value of each numeric feature at its schema position (unused slots are 0).</summary>
    public float[] Numbers { get; }

    /// <summary>The category of each categorical feature at its schema position (unused slots are null).</summary>
    public string?[] Texts { get; }
}
