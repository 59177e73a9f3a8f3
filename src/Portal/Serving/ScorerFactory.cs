using System.Text.Json;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Serving;

namespace ModelLifecycle.Portal.Serving;

/// <summary>Builds the scorer for an artifact's format from its verified bytes.</summary>
public static class ScorerFactory
{
    public static IModelScorer Create(ArtifactFormat format, byte[] artifact, string version, ModelTask task, IReadOnlyList<FeatureDefinition> features, IReadOnlyDictionary<string, JsonElement> hyperparameters) =>
        format switch
        {
            ArtifactFormat.MlNetZip => MlNetScorer.Load(new MemoryStream(artifact, writable: false), version, task, features),
            ArtifactFormat.Onnx => OnnxScorer.Load(artifact, version, task, features, hyperparameters),
            _ => throw DomainException.Invalid($"Version {version}'s artifact is neither an ML.NET .zip nor an ONNX model and cannot be served."),
        };
}
