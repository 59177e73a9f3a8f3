namespace ModelLifecycle.Domain.Registry;

/// <summary>One immutable trained artifact of a model, with its metrics, lineage and current stage.</summary>
public sealed class ModelVersion
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ModelId { get; set; }

    public Model? Model { get; set; }

    /// <summary>Semantic version text, unique per model.</summary>
    public required string Version { get; set; }

    // Numeric parts kept as columns so the database can order versions.
    public int Major { get; set; }

    public int Minor { get; set; }

    public int Patch { get; set; }

    public required string Sha256 { get; set; }

    public long SizeBytes { get; set; }

    public required string ArtifactFileName { get; set; }

    public ArtifactFormat Format { get; set; }

    public Dictionary<string, double> Metrics { get; set; } = [];

    /// <summary>As the training script sent them: JSON numbers, booleans or strings (stored as one JSON column).</summary>
    public Dictionary<string, System.Text.Json.JsonElement> Hyperparameters { get; set; } = [];

    public string? DatasetVersion { get; set; }

    public string? DatasetHash { get; set; }

    public string? ParentVersion { get; set; }

    public string? TrainingRun { get; set; }

    public string? Notes { get; set; }

    public Stage Stage { get; set; } = Stage.None;

    /// <summary>False once an integrity check failed; such a version cannot be promoted or served.</summary>
    public bool Healthy { get; set; } = true;

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public SemanticVersion SemVer => new(Major, Minor, Patch, Version.Contains('-', StringComparison.Ordinal) ? Version[(Version.IndexOf('-', StringComparison.Ordinal) + 1)..] : null);
}

/// <summary>How an artifact is scored.</summary>
public enum ArtifactFormat
{
    MlNetZip,
    Onnx,
    Other,
}
