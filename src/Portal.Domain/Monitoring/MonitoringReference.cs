namespace ModelLifecycle.Domain.Monitoring;

/// <summary>
/// The reference CSV uploaded for a model's drift scans: the last fallback of the reference order (after the training
/// dataset and the log window), or the one reference when the settings say <see cref="ScanReference.Csv"/>. The bytes
/// live in the artifact store by SHA-256 (as dataset CSVs do); one row per model, replaced by a new upload.
/// </summary>
public sealed class MonitoringReference
{
    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    public required string FileName { get; set; }

    public required string Sha256 { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>Data rows (the header not counted).</summary>
    public int Rows { get; set; }

    /// <summary>The CSV has a <c>score</c> column, so concept drift compares its scores.</summary>
    public bool HasScores { get; set; }

    public required string UploadedBy { get; set; }

    public DateTime UploadedAt { get; set; }
}

/// <summary>The uploaded reference CSV as <c>GET /api/v1/models/{name}/monitoring/reference</c> returns it.</summary>
public sealed record MonitoringReferenceView(string Model, string FileName, string Sha256, long SizeBytes, int Rows, bool HasScores, string UploadedBy, DateTime UploadedAt)
{
    public static MonitoringReferenceView From(MonitoringReference r) =>
        new(r.ModelName, r.FileName, r.Sha256, r.SizeBytes, r.Rows, r.HasScores, r.UploadedBy, r.UploadedAt);
}
