using System.Globalization;
using System.Text.Json;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Portal.Components.Pages.Registry;

/// <summary>
/// Reads the compact text fields of the "Upload version" form into the same <see cref="VersionMetadata"/> the API's
/// 'metadata' part becomes; every rule (semver, limits, finite numbers) is then the engine's.
/// </summary>
public static class VersionForm
{
    public static VersionMetadata Parse(string? version, string? metrics, string? hyperparameters, string? parent, string? notes) => new(
        string.IsNullOrWhiteSpace(version) ? null : version.Trim(),
        Metrics(metrics),
        Hyperparameters(hyperparameters),
        string.IsNullOrWhiteSpace(parent) ? null : parent.Trim(),
        string.IsNullOrWhiteSpace(notes) ? null : notes.Trim());

    /// <summary>"auc=0.91, f1=0.8" (commas or new lines) → metrics; a value that is not a number is refused by name.</summary>
    public static Dictionary<string, double> Metrics(string? text)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in Pairs(text, "metrics"))
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                throw DomainException.Invalid($"Metric '{name}': '{value}' is not a number (write auc=0.91).");
            }

            result[name] = number;
        }

        return result;
    }

    /// <summary>"trees=100, loss=log" → JSON numbers, booleans or strings, as a training script would send them.</summary>
    public static Dictionary<string, JsonElement> Hyperparameters(string? text)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in Pairs(text, "hyperparameters"))
        {
            result[name] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? JsonSerializer.SerializeToElement(number)
                : value is "true" or "false"
                    ? JsonSerializer.SerializeToElement(value == "true")
                    : JsonSerializer.SerializeToElement(value);
        }

        return result;
    }

    private static IEnumerable<(string Name, string Value)> Pairs(string? text, string field)
    {
        foreach (var item in (text ?? "").Split([',', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0)
            {
                throw DomainException.Invalid($"'{field}': cannot read '{item}'; write name=value pairs separated by commas.");
            }

            yield return (parts[0], parts[1]);
        }
    }
}
