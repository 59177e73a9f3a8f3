namespace ModelLifecycle.Domain.Training;

/// <summary>
/// A numbered version (1, 2, …) of a model's training data: a CSV with the model's feature columns and a
/// <c>label</c> column, stored in the artifact store by its SHA-256, with a summary computed while it was checked.
/// </summary>
public sealed class Dataset
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    /// <summary>1, 2, … per model.</summary>
    public int Version { get; set; }

    /// <summary>SHA-256 of the stored CSV (the artifact store's key).</summary>
    public required string Sha256 { get; set; }

    public long SizeBytes { get; set; }

    public required string FileName { get; set; }

    public int RowCount { get; set; }

    public DatasetSummary Summary { get; set; } = new([], []);

    /// <summary>"upload", "demo", or the generator that made it.</summary>
    public required string Source { get; set; }

    public string? Notes { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>Per-feature statistics and the label balance of a dataset version.</summary>
public sealed record DatasetSummary(List<FeatureSummary> Features, List<LabelCount> Labels);

/// <summary>Min, max, mean and missing count of one feature (numeric statistics null for a categorical feature).</summary>
public sealed record FeatureSummary(string Name, double? Min, double? Max, double? Mean, long Missing, int? Distinct = null);

/// <summary>How many rows carry one label value (binary: "0"/"1"; regression: not listed).</summary>
public sealed record LabelCount(string Label, long Count);
