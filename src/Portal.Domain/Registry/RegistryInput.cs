using System.Text.Json;
using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Registry;

/// <summary>Validation of what clients send to the registry: enums read strictly, every text within its column's length.</summary>
internal static class RegistryInput
{
    public static ModelTask ParseTask(string? text) => StrictEnum.Parse<ModelTask>(text, "task");

    public static List<string> Tags(List<string>? tags)
    {
        var result = (tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct().ToList();
        if (result.Count > FieldLimits.TagCount)
        {
            throw DomainException.Invalid($"'tags' has {result.Count} entries; at most {FieldLimits.TagCount} are allowed.");
        }

        result.ForEach(t => FieldLimits.Check(t, FieldLimits.Tag, "tags"));
        return result;
    }

    public static List<FeatureDefinition> Features(List<FeatureInput>? features)
    {
        if (features is { Count: > FieldLimits.FeatureCount })
        {
            throw DomainException.Invalid($"'features' has {features.Count} entries; at most {FieldLimits.FeatureCount} are allowed.");
        }

        var result = new List<FeatureDefinition>();
        foreach (var f in features ?? [])
        {
            if (f is null || string.IsNullOrWhiteSpace(f.Name))
            {
                throw DomainException.Invalid("Every feature needs a name.");
            }

            var name = FieldLimits.Check(f.Name.Trim(), FieldLimits.FeatureName, "features.name")!;
            var type = (f.Type ?? "numeric").Trim().ToLowerInvariant() switch
            {
                "number" or "float" or "double" => FeatureType.Numeric,
                "category" or "string" => FeatureType.Categorical,
                var other => StrictEnum.TryParse<FeatureType>(other, out var parsed)
                    ? parsed
                    : throw DomainException.Invalid($"Feature '{name}' has unknown type '{f.Type}' (numeric or categorical)."),
            };
            if (result.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw DomainException.Invalid($"Feature '{name}' is declared twice.");
            }

            result.Add(new FeatureDefinition(name, type));
        }

        return result;
    }

    public static void Check(CreateModel input)
    {
        FieldLimits.Check(input.Description?.Trim(), FieldLimits.Description, "description");
        if (input.MetricGate is { } gate && (string.IsNullOrWhiteSpace(gate.Metric) || !double.IsFinite(gate.Threshold)))
        {
            throw DomainException.Invalid("A metric gate needs a metric name and a finite threshold.");
        }

        FieldLimits.Check(input.MetricGate?.Metric, FieldLimits.MetricName, "metricGate.metric");
    }

    /// <summary>Refuses metadata that would not fit its columns or cannot be shown: names, lengths, counts and value kinds.</summary>
    public static void Check(VersionMetadata metadata, string fileName)
    {
        FieldLimits.Check(Path.GetFileName(fileName), FieldLimits.FileName, "artifact file name");
        FieldLimits.Check(metadata.ParentVersion, FieldLimits.Version, "parentVersion");
        FieldLimits.Check(metadata.Notes, FieldLimits.Notes, "notes");
        FieldLimits.Check(metadata.DatasetVersion, FieldLimits.DatasetVersion, "datasetVersion");
        FieldLimits.Check(metadata.DatasetHash, FieldLimits.DatasetHash, "datasetHash");
        FieldLimits.Check(metadata.TrainingRun, FieldLimits.TrainingRun, "trainingRun");

        var metrics = metadata.Metrics ?? [];
        if (metrics.Count > FieldLimits.MetricCount)
        {
            throw DomainException.Invalid($"'metrics' has {metrics.Count} entries; at most {FieldLimits.MetricCount} are allowed.");
        }

        foreach (var (name, value) in metrics)
        {
            if (string.IsNullOrWhiteSpace(name) || !double.IsFinite(value))
            {
                throw DomainException.Invalid("Every metric needs a name and a finite number (no NaN or infinity).");
            }

            FieldLimits.Check(name, FieldLimits.MetricName, "metrics (name)");
        }

        var hyperparameters = metadata.Hyperparameters ?? [];
        if (hyperparameters.Count > FieldLimits.HyperparameterCount)
        {
            throw DomainException.Invalid($"'hyperparameters' has {hyperparameters.Count} entries; at most {FieldLimits.HyperparameterCount} are allowed.");
        }

        foreach (var (name, value) in hyperparameters)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw DomainException.Invalid("Every hyperparameter needs a name.");
            }

            FieldLimits.Check(name, FieldLimits.HyperparameterName, "hyperparameters (name)");
            switch (value.ValueKind)
            {
                case JsonValueKind.Number when !value.TryGetDouble(out var number) || !double.IsFinite(number):
                    throw DomainException.Invalid($"Hyperparameter '{name}' is not a finite number.");
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    FieldLimits.Check(value.GetRawText(), FieldLimits.HyperparameterValue, $"hyperparameters.{name}");
                    break;
                case JsonValueKind.String:
                    FieldLimits.Check(value.GetString(), FieldLimits.HyperparameterValue, $"hyperparameters.{name}");
                    break;
                default:
                    throw DomainException.Invalid($"Hyperparameter '{name}' is {value.ValueKind.ToString().ToLowerInvariant()}; a hyperparameter is a JSON number, boolean or string.");
            }
        }
    }

    /// <summary>How a hyperparameter reads in a table: strings without quotes, numbers and booleans as sent.</summary>
    public static string Display(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
}
