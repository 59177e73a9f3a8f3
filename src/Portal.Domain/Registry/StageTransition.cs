namespace ModelLifecycle.Domain.Registry;

/// <summary>One stage move of a version: the history of which version was where, when, moved by whom.</summary>
public sealed class StageTransition
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ModelId { get; set; }

    public Guid VersionId { get; set; }

    public required string Version { get; set; }

    public Stage From { get; set; }

    public Stage To { get; set; }

    public required string By { get; set; }

    public DateTime At { get; set; }

    public string? Reason { get; set; }

    public Guid? PromotionRequestId { get; set; }
}
