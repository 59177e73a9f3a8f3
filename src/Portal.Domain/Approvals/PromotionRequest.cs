using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Approvals;

/// <summary>Decision state of a promotion request.</summary>
public enum PromotionStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,
}

/// <summary>An engineer's request to move a version to a stage, with its automatic checklist and the manager's decision.</summary>
public sealed class PromotionRequest
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ModelId { get; set; }

    public required string ModelName { get; set; }

    public Guid VersionId { get; set; }

    public required string Version { get; set; }

    public Stage FromStage { get; set; }

    public Stage TargetStage { get; set; }

    public required string Justification { get; set; }

    public required string RequestedBy { get; set; }

    public required string RequestedByName { get; set; }

    public DateTime RequestedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public PromotionStatus Status { get; set; } = PromotionStatus.Pending;

    public string? DecidedBy { get; set; }

    public DateTime? DecidedAt { get; set; }

    public string? DecisionReason { get; set; }

    public List<ChecklistItem> Checklist { get; set; } = [];

    /// <summary>Concurrency token: two decisions on one request resolve to exactly one outcome.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}

/// <summary>Outcome of one automatic check.</summary>
public enum CheckOutcome
{
    Passed,
    Failed,
    Warning,
    NotApplicable,
}

/// <summary>One line of the automatic checklist, e.g. "Metric gate auc ≥ 0.85: 0.91".</summary>
public sealed record ChecklistItem(string Name, CheckOutcome Outcome, string Detail, bool Blocking = false);
