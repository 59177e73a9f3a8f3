using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;

namespace ModelLifecycle.Portal.Serving;

/// <summary>
/// Scores an ONNX model with ONNX Runtime on the CPU. Input and output names follow <see cref="OnnxConvention"/> (the
/// version's <c>onnx.input</c> / <c>onnx.output</c> hyperparameters, or the graph's only input/output). The input is one
/// float tensor holding the model's features in schema order, so every feature must be numeric. An
/// <see cref="InferenceSession"/> may run concurrently, so one scorer serves all threads.
/// </summary>
public sealed class OnnxScorer : IModelScorer, IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string[] inputNames;
    private readonly string[] outputNames;
    private readonly long[] shape;
    private readonly int width;
    private readonly ModelTask task;
    private readonly double threshold;

    private OnnxScorer(string version, InferenceSession session, string input, string output, long[] shape, int width, ModelTask task, double threshold)
    {
        Version = version;
        this.session = session;
        inputNames = [input];
        outputNames = [output];
        this.shape = shape;
        this.width = width;
        this.task = task;
        this.threshold = threshold;
    }

    public string Version { get; }

    public static OnnxScorer Load(byte[] artifact, string version, ModelTask task, IReadOnlyList<FeatureDefinition> features, IReadOnlyDictionary<string, JsonElement> hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        if (features.FirstOrDefault(f => f.Type != FeatureType.Numeric) is { } categorical)
        {
            throw DomainException.Invalid($"ONNX models are fed one float tensor, so every feature must be numeric; '{categorical.Name}' is categorical.");
        }

        var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        var session = new InferenceSession(artifact, options);
        try
        {
            var input = OnnxConvention.Choose(OnnxConvention.InputKey, session.InputMetadata.Keys.ToList(), hyperparameters);
            var output = OnnxConvention.Choose(OnnxConvention.OutputKey, session.OutputMetadata.Keys.ToList(), hyperparameters);
            var inputMeta = session.InputMetadata[input];
            var outputMeta = session.OutputMetadata[output];
            if (!inputMeta.IsTensor || inputMeta.ElementType != typeof(float))
            {
                throw DomainException.Invalid($"{OnnxConvention.InputKey}: the ONNX input '{input}' is not a float tensor.");
            }

            if (!outputMeta.IsTensor || outputMeta.ElementType != typeof(float))
            {
                throw DomainException.Invalid($"{OnnxConvention.OutputKey}: the ONNX output '{output}' is not a float tensor (a map or sequence output, e.g. a ZipMap, is not supported).");
            }

            // [n], [1, n] or [batch, n] with a symbolic batch (-1): one row at a time.
            var shape = inputMeta.Dimensions.Select(d => d < 0 ? 1L : d).ToArray();
            var width = shape.Aggregate(1L, (a, b) => a * b);
            if (width != features.Count || shape.Length is < 1 or > 2)
            {
                throw DomainException.Invalid(
                    $"{OnnxConvention.InputKey}: the ONNX input '{input}' has shape [{string.Join(", ", inputMeta.Dimensions)}], which does not hold one row of the model's {features.Count} features.");
            }

            var threshold = task == ModelTask.AnomalyDetection ? OnnxConvention.Threshold(hyperparameters) : OnnxConvention.DefaultThreshold;
            return new OnnxScorer(version, session, input, output, shape, features.Count, task, threshold);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public ScoredPrediction Score(FeatureRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var data = new float[width];
        Array.Copy(row.Numbers, data, width);
        using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var results = session.Run(runOptions, inputNames, [value], outputNames);
        var output = results[0].GetTensorDataAsSpan<float>();
        switch (task)
        {
            case ModelTask.BinaryClassification:
                // One probability, or one per class (the positive class last).
                var p = output.Length is 1 or 2 ? output[^1] : throw new InvalidOperationException($"The ONNX output has {output.Length} values per row; expected the probability (1) or one per class (2).");
                return new ScoredPrediction(p >= 0.5f ? 1 : 0, p);
            case ModelTask.AnomalyDetection:
                var s = output[0];
                return new ScoredPrediction(s >= threshold ? 1 : 0, s);
            default:
                return new ScoredPrediction(output[0], output[0]);
        }
    }

    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
    }
}
