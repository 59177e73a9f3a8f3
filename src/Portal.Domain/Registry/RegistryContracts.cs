using System.Text.Json;

namespace ModelLifecycle.Domain.Registry;

/// <summary>Input of <c>POST /api/v1/models</c>.</summary>
public sealed record CreateModel(string? Name, string? Task, string? Description = null, List<FeatureInput>? Features = null, List<string>? Tags = null, MetricGate? MetricGate = null);

/// <summary>
/// Input of <c>PUT /api/v1/models/{name}</c>: the editable settings, all replaced (absent means empty or none), except
/// <see cref="DriftThresholds"/>: when present they are checked and replaced in the same transaction (audited as
/// <c>drift.thresholds_changed</c>), when absent they stay as they are.
/// </summary>
public sealed record UpdateModel(string? Description = null, List<string>? Tags = null, MetricGate? MetricGate = null, Drift.Analysis.DriftThresholds? DriftThresholds = null);

/// <summary>A model's editable settings as the audit records them (before and after).</summary>
public sealed record ModelSettings(string Description, List<string> Tags, MetricGate? MetricGate)
{
    public bool Equals(ModelSettings? other) =>
        other is not null && Description == other.Description && Tags.SequenceEqual(other.Tags) && Equals(MetricGate, other.MetricGate);

    public override int GetHashCode() => HashCode.Combine(Description, Tags.Count, MetricGate);
}

public sealed record FeatureInput(string? Name, string? Type);

/// <summary>Metadata that accompanies an uploaded artifact.</summary>
public sealed record VersionMetadata(
    string? Version = null,
    Dictionary<string, double>? Metrics = null,
    Dictionary<string, JsonElement>? Hyperparameters = null,
    string? ParentVersion = null,
    string? Notes = null,
    string? DatasetVersion = null,
    string? DatasetHash = null,
    string? TrainingRun = null)
{
    /// <summary>Reads the 'metadata' part of an upload: absent or blank is empty metadata; anything but a JSON object is refused.</summary>
    public static VersionMetadata Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new VersionMetadata();
        }

        try
        {
            using (var document = JsonDocument.Parse(json))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw Common.DomainException.Invalid($"The 'metadata' part must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
                }
            }

            return JsonSerializer.Deserialize<VersionMetadata>(json, Common.Json.Options) ?? new VersionMetadata();
        }
        catch (JsonException ex)
        {
            throw Common.DomainException.Invalid($"The 'metadata' part is not valid: {ex.Message}");
        }
    }
}

public sealed record ModelSummary(
    string Name,
    ModelTask Task,
    string Description,
    string Owner,
    IReadOnlyList<string> Tags,
    IReadOnlyList<FeatureDefinition> Features,
    MetricGate? MetricGate,
    int VersionCount,
    string? LatestVersion,
    string? ProductionVersion,
    DateTime CreatedAt);

public sealed record VersionView(
    string Model,
    string Version,
    Stage Stage,
    string Sha256,
    long SizeBytes,
    string ArtifactFileName,
    ArtifactFormat Format,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, JsonElement> Hyperparameters,
    string? ParentVersion,
    string? DatasetVersion,
    string? DatasetHash,
    string? TrainingRun,
    string? Notes,
    bool Healthy,
    string CreatedBy,
    DateTime CreatedAt)
{
    public static VersionView From(string model, ModelVersion v) => new(
        model, v.Version, v.Stage, v.Sha256, v.SizeBytes, v.ArtifactFileName, v.Format, v.Metrics, v.Hyperparameters,
        v.ParentVersion, v.DatasetVersion, v.DatasetHash, v.TrainingRun, v.Notes, v.Healthy, v.CreatedBy, v.CreatedAt);
}

public sealed record StageTransitionView(string Version, Stage From, Stage To, string By, DateTime At, string? Reason, Guid? PromotionRequestId);

/// <summary>Side-by-side comparison of versions: every metric and hyperparameter, marking those that differ.</summary>
public sealed record VersionComparison(
    IReadOnlyList<VersionView> Versions,
    IReadOnlyList<ComparedValue<double?>> Metrics,
    IReadOnlyList<ComparedValue<string?>> Hyperparameters);

public sealed record ComparedValue<T>(string Name, IReadOnlyList<T> Values, bool Differs);
