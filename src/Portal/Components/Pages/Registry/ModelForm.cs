using System.Globalization;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Portal.Components.Pages.Registry;

/// <summary>Reads the compact text fields of the "Register model" form into the engine's input.</summary>
public static class ModelForm
{
    public static CreateModel Parse(string? name, string? task, string? description, string? features, string? gate, string? tags = null)
    {
        var featureList = (features ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.Split(':', 2, StringSplitOptions.TrimEntries))
            .Select(p => new FeatureInput(p[0], p.Length > 1 ? p[1] : "numeric"))
            .ToList();
        return new CreateModel(name, task, description, featureList, ParseTags(tags), ParseGate(gate));
    }

    /// <summary>"risk, team-a" → ["risk", "team-a"]; the engine checks lengths and counts.</summary>
    public static List<string> ParseTags(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>The gate as the form shows it ("auc >= 0.85"), the inverse of <see cref="ParseGate"/>.</summary>
    public static string? FormatGate(MetricGate? gate) =>
        gate is null ? null : $"{gate.Metric} {(gate.HigherIsBetter ? ">=" : "<=")} {gate.Threshold.ToString(CultureInfo.InvariantCulture)}";

    public static MetricGate? ParseGate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var (op, higher) in new[] { (">=", true), ("<=", false), ("≥", true), ("≤", false) })
        {
            var parts = text.Split(op, 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
            {
                return new MetricGate(parts[0], threshold, higher);
            }
        }

        throw DomainException.Invalid($"Cannot read the metric gate '{text}': write it as 'auc >= 0.85' or 'rmse <= 20'.");
    }
}
