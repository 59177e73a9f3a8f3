using System.Text.Json;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// Turns a request's <c>features</c> object into a <see cref="FeatureRow"/>, or refuses it naming the field (and the
/// row in a batch): every schema feature must be present exactly once, nothing else may be, numeric features take
/// finite JSON numbers within float range (no strings, no null), categorical features take strings. Missing values
/// are refused at predict time rather than imputed: a client that sends null or "NaN" has a bug worth hearing about.
/// </summary>
public static class PredictionInput
{
    /// <param name="features">The <c>features</c> value as sent (may be undefined when absent).</param>
    /// <param name="schema">The model's feature schema, in its declared order.</param>
    /// <param name="field">How the error names the object: <c>features</c>, or <c>rows[3].features</c> in a batch.</param>
    public static FeatureRow Parse(JsonElement features, IReadOnlyList<FeatureDefinition> schema, IReadOnlyDictionary<string, int> positions, string field)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(positions);
        if (features.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw DomainException.Invalid($"{field} is required: an object with a value for each feature ({Names(schema)}).");
        }

        if (features.ValueKind != JsonValueKind.Object)
        {
            throw DomainException.Invalid($"{field} must be a JSON object with a value for each feature ({Names(schema)}), not {Kind(features.ValueKind)}.");
        }

        var row = new FeatureRow(schema);
        Span<bool> seen = schema.Count <= 256 ? stackalloc bool[schema.Count] : new bool[schema.Count];
        foreach (var property in features.EnumerateObject())
        {
            var name = property.Name;
            if (!positions.TryGetValue(name, out var index))
            {
                throw DomainException.Invalid($"{field}.{Shorten(name)} is not a feature of this model (features: {Names(schema)}).");
            }

            if (seen[index])
            {
                throw DomainException.Invalid($"{field}.{name} is given more than once.");
            }

            seen[index] = true;
            var value = property.Value;
            if (schema[index].Type == FeatureType.Numeric)
            {
                row.Numbers[index] = Number(value, $"{field}.{name}");
            }
            else
            {
                row.Texts[index] = value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : throw DomainException.Invalid($"{field}.{name} is categorical and must be a string, not {Kind(value.ValueKind)}.");
            }
        }

        for (var i = 0; i < schema.Count; i++)
        {
            if (!seen[i])
            {
                throw DomainException.Invalid($"{field}.{schema[i].Name} is missing; every feature needs a value ({Names(schema)}).");
            }
        }

        return row;
    }

    /// <summary>Feature name → schema position, built once per model and shared by every request.</summary>
    public static Dictionary<string, int> Positions(IReadOnlyList<FeatureDefinition> schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var positions = new Dictionary<string, int>(schema.Count, StringComparer.Ordinal);
        for (var i = 0; i < schema.Count; i++)
        {
            positions[schema[i].Name] = i;
        }

        return positions;
    }

    private static float Number(JsonElement value, string field)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                // A JSON number beyond double (1e400) fails TryGetDouble; beyond float it becomes infinity here.
                if (!value.TryGetDouble(out var d) || !float.IsFinite((float)d))
                {
                    throw DomainException.Invalid($"{field}: {Shorten(value.GetRawText())} is beyond the range of a numeric (float) feature.");
                }

                return (float)d;
            case JsonValueKind.String:
                throw DomainException.Invalid($"{field} is numeric and must be a JSON number, not the string \"{Shorten(value.GetString() ?? "")}\".");
            case JsonValueKind.Null:
                throw DomainException.Invalid($"{field} is null; numeric features need a finite number (missing values are not accepted at predict time).");
            default:
                throw DomainException.Invalid($"{field} is numeric and must be a JSON number, not {Kind(value.ValueKind)}.");
        }
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Names(IReadOnlyList<FeatureDefinition> schema) =>
        schema.Count <= 20 ? string.Join(", ", schema.Select(f => f.Name)) : string.Join(", ", schema.Take(20).Select(f => f.Name)) + $", … {schema.Count} in all";

    // Echo at most a little of what the client sent: the message names the field, it need not repeat a megabyte.
    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
