using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Approvals;

/// <summary>A promotion request as the inbox and the API show it.</summary>
public sealed record PromotionView(
    Guid Id,
    string Model,
    string Version,
    Stage FromStage,
    Stage TargetStage,
    string Justification,
    string RequestedBy,
    DateTime RequestedAt,
    DateTime ExpiresAt,
    PromotionStatus Status,
    string? DecidedBy,
    DateTime? DecidedAt,
    string? DecisionReason,
    IReadOnlyList<ChecklistItem> Checklist,
    IReadOnlyList<ChecklistItem>? DecisionChecklist,
    string? ProductionAtRequest)
{
    public static PromotionView From(PromotionRequest r) => new(
        r.Id, r.ModelName, r.Version, r.FromStage, r.TargetStage, r.Justification, r.RequestedByName, r.RequestedAt, r.ExpiresAt,
        r.Status, r.DecidedBy, r.DecidedAt, r.DecisionReason, r.Checklist, r.DecisionChecklist, r.ProductionVersionAtRequest);
}

/// <summary>
/// A request with what the approver needs beside it: candidate and current Production metrics, the checklist
/// evaluated again now beside the filed one, what moved since filing, and whether the asking person may decide
/// (<see cref="CanDecide"/>) and approve (<see cref="CanApprove"/>) it.
/// </summary>
public sealed record PromotionDetail(
    PromotionView Request,
    VersionView Candidate,
    VersionView? CurrentProduction,
    VersionComparison? Comparison,
    IReadOnlyList<ChecklistChange> LiveChecklist,
    Stage CurrentStage,
    bool VersionMoved,
    string? ProductionNow,
    bool ProductionChanged,
    DecisionRight CanDecide,
    DecisionRight CanApprove);

/// <summary>Per model, which failed checks refuse approval (set by Admins).</summary>
public sealed record ApprovalPolicy(bool MetricGateBlocking, bool CriticalDriftBlocking);

/// <summary>The body of <c>PUT /api/v1/models/{name}/approval-policy</c>; both fields are required.</summary>
public sealed record ApprovalPolicyInput(bool? MetricGateBlocking, bool? CriticalDriftBlocking);
