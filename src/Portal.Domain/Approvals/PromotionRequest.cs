using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Approvals;

/// <summary>Decision state of a promotion request.</summary>
public enum PromotionStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,

    /// <summary>The version left the stage the request was made from, so the request no longer applies.</summary>
    Cancelled,
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

    /// <summary>The checklist as evaluated when the request was filed.</summary>
    public List<ChecklistItem> Checklist { get; set; } = [];

    /// <summary>The checklist as evaluated at the decision (null until decided).</summary>
    public List<ChecklistItem>? DecisionChecklist { get; set; }

    /// <summary>The model's Production version when the request was filed (null: none).</summary>
    public string? ProductionVersionAtRequest { get; set; }

    /// <summary>Concurrency token: two decisions on one request resolve to exactly one outcome.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>
    /// Whether <paramref name="actor"/> may decide this request now: the single rule the inbox and the API ask
    /// (role, four eyes by user id, still pending, not expired).
    /// </summary>
    public DecisionRight CanBeDecidedBy(Actor actor, DateTime now)
    {
        if (!actor.CanApprove)
        {
            return DecisionRight.Refused(DecisionRefusal.NotApprover, "Only Approvers may decide promotion requests.");
        }

        if (Status != PromotionStatus.Pending)
        {
            return DecisionRight.Refused(DecisionRefusal.NotPending, $"This request is already {Status.ToString().ToLowerInvariant()}.");
        }

        if (string.Equals(RequestedBy, actor.Id, StringComparison.Ordinal))
        {
            return DecisionRight.Refused(DecisionRefusal.OwnRequest, "Four eyes: you cannot decide your own promotion request.");
        }

        return ExpiresAt < now
            ? DecisionRight.Refused(DecisionRefusal.Expired, "This request has expired; ask for a new one.")
            : DecisionRight.Granted;
    }

    /// <summary>Records the decision; the caller has checked <see cref="CanBeDecidedBy"/>.</summary>
    public void Decide(bool approve, Actor actor, string reason, IReadOnlyList<ChecklistItem> checklist, DateTime now)
    {
        Status = approve ? PromotionStatus.Approved : PromotionStatus.Rejected;
        DecidedBy = actor.Name;
        DecidedAt = now;
        DecisionReason = reason.Trim();
        DecisionChecklist = [.. checklist];
        ConcurrencyStamp = Guid.NewGuid();
    }

    /// <summary>Cancels a pending request whose version left <see cref="FromStage"/>.</summary>
    public void Cancel(Stage movedTo, Actor movedBy, DateTime now)
    {
        Status = PromotionStatus.Cancelled;
        DecidedBy = movedBy.Name;
        DecidedAt = now;
        DecisionReason = $"Cancelled: {ModelName} {Version} moved from {FromStage} to {movedTo} before a decision.";
        ConcurrencyStamp = Guid.NewGuid();
    }
}

/// <summary>Why a person may not decide (or approve) a request.</summary>
public enum DecisionRefusal
{
    None,
    NotApprover,
    NotPending,
    OwnRequest,
    Expired,
    VersionMoved,
    BlockingCheck,
    Integrity,
}

/// <summary>The answer to "may this person decide (or approve) this request now?", with the reason when not.</summary>
public sealed record DecisionRight(bool Allowed, DecisionRefusal Refusal, string? Reason)
{
    public static DecisionRight Granted { get; } = new(true, DecisionRefusal.None, null);

    public static DecisionRight Refused(DecisionRefusal refusal, string reason) => new(false, refusal, reason);

    /// <summary>Throws the refusal as the engine's error, with the status the refusal deserves.</summary>
    public void ThrowIfRefused()
    {
        if (Allowed)
        {
            return;
        }

        throw Refusal switch
        {
            DecisionRefusal.NotApprover or DecisionRefusal.OwnRequest => DomainException.Forbidden(Reason!),
            DecisionRefusal.Integrity => new DomainException(FailureKind.Integrity, Reason!),
            _ => DomainException.Conflict(Reason!),
        };
    }
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

/// <summary>One check as filed and as evaluated now; <see cref="Changed"/> when they differ.</summary>
public sealed record ChecklistChange(string Name, ChecklistItem? Filed, ChecklistItem Now, bool Changed);
