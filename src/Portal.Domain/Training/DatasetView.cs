namespace ModelLifecycle.Domain.Training;

/// <summary>A dataset version as the API and the portal show it.</summary>
public sealed record DatasetView(
    string Model,
    int Version,
    string Sha256,
    long SizeBytes,
    string FileName,
    int RowCount,
    string Source,
    string? Notes,
    string CreatedBy,
    DateTime CreatedAt,
    DatasetSummary Summary)
{
    public static DatasetView From(Dataset d) => new(
        d.ModelName, d.Version, d.Sha256, d.SizeBytes, d.FileName, d.RowCount, d.Source, d.Notes, d.CreatedBy, d.CreatedAt, d.Summary);
}
