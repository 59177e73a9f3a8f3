using System.Text.Json;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// Ground truth as feedback sends it. Binary classification and anomaly detection: <c>true</c>/<c>false</c>, 1/0 (also
/// as the strings "true", "false", "1", "0"), stored as 1 or 0; regression: a finite number.
/// </summary>
public static class PredictionLabel
{
    public static double Parse(JsonElement label, ModelTask task)
    {
        if (label.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw DomainException.Invalid(task == ModelTask.Regression
                ? "label is required: the true value (a number)."
                : "label is required: true or false (or 1 or 0).");
        }

        if (task == ModelTask.Regression)
        {
            return label.ValueKind == JsonValueKind.Number && label.TryGetDouble(out var value) && double.IsFinite(value)
                ? value
                : throw DomainException.Invalid($"label: {Shorten(label.GetRawText())} is not a finite number (regression labels are the true value).");
        }

        switch (label.ValueKind)
        {
            case JsonValueKind.True:
                return 1;
            case JsonValueKind.False:
                return 0;
            case JsonValueKind.Number when label.TryGetDouble(out var number) && number is 0 or 1:
                return number;
            case JsonValueKind.String:
                switch (label.GetString()?.Trim().ToLowerInvariant())
                {
                    case "true" or "1":
                        return 1;
                    case "false" or "0":
                        return 0;
                }

                break;
        }

        throw DomainException.Invalid($"label: {Shorten(label.GetRawText())} is not a class label; use true or false (or 1 or 0).");
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
