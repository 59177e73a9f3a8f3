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
    IReadOnlyList<ChecklistItem> Checklist)
{
    public static PromotionView From(PromotionRequest r) => new(
        r.Id, r.ModelName, r.Version, r.FromStage, r.TargetStage, r.Justification, r.RequestedByName, r.RequestedAt, r.ExpiresAt,
        r.Status, r.DecidedBy, r.DecidedAt, r.DecisionReason, r.Checklist);
}

/// <summary>A request with what the approver needs beside it: candidate and current Production metrics.</summary>
public sealed record PromotionDetail(PromotionView Request, VersionView Candidate, VersionView? CurrentProduction, VersionComparison? Comparison);
