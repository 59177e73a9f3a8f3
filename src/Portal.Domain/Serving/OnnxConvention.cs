using System.Text.Json;
using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// How an ONNX version tells the server what to feed and what to read, through the version's hyperparameters (the
/// metadata sent at registration), so no column is added for one artifact format:
/// <list type="bullet">
/// <item><c>onnx.input</c>: the float tensor input, shape [1, n] or [n], fed the model's features in schema order;</item>
/// <item><c>onnx.output</c>: the float output that holds the probability of class 1 (binary classification: the last
/// element when it has one per class), the value (regression) or the anomaly score;</item>
/// <item><c>onnx.threshold</c>: anomaly detection only, the score from which a row is an anomaly (default 0.5).</item>
/// </list>
/// A name may be left out when the graph has exactly one input (or output); with several, a missing name is refused
/// when the model loads, naming the candidates.
/// </summary>
public static class OnnxConvention
{
    public const string InputKey = "onnx.input";
    public const string OutputKey = "onnx.output";
    public const string ThresholdKey = "onnx.threshold";
    public const double DefaultThreshold = 0.5;

    /// <summary>The graph name to use for <paramref name="key"/>: the configured one if the graph has it, else the only one.</summary>
    public static string Choose(string key, IReadOnlyCollection<string> graphNames, IReadOnlyDictionary<string, JsonElement> hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(graphNames);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        var kind = key == InputKey ? "input" : "output";
        if (hyperparameters.TryGetValue(key, out var configured))
        {
            var name = configured.ValueKind == JsonValueKind.String ? configured.GetString() : null;
            return name is not null && graphNames.Contains(name)
                ? name
                : throw DomainException.Invalid($"{key}: the ONNX graph has no {kind} '{(name ?? configured.GetRawText())}' ({kind}s: {string.Join(", ", graphNames)}).");
        }

        return graphNames.Count == 1
            ? graphNames.First()
            : throw DomainException.Invalid($"{key}: the ONNX graph has {graphNames.Count} {kind}s ({string.Join(", ", graphNames)}); name the one to use in the version's hyperparameter {key}.");
    }

    /// <summary>The anomaly threshold from <c>onnx.threshold</c>, or the default.</summary>
    public static double Threshold(IReadOnlyDictionary<string, JsonElement> hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        if (!hyperparameters.TryGetValue(ThresholdKey, out var value))
        {
            return DefaultThreshold;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var threshold) && double.IsFinite(threshold)
            ? threshold
            : throw DomainException.Invalid($"{ThresholdKey}: {value.GetRawText()} is not a number.");
    }
}
