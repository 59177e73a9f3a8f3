namespace ModelLifecycle.Domain.Audit;

/// <summary>
/// One recorded change. Sequence, PreviousHash and Hash are assigned when the event is saved (see
/// <see cref="Storage.PortalDbContext"/>), inside the same transaction as the change it records.
/// </summary>
public sealed class AuditEvent
{
    public long Id { get; set; }

    public long Sequence { get; set; }

    public DateTime At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    public string? Reason { get; set; }

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}
