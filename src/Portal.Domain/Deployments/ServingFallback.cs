using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Deployments;

/// <summary>
/// What happens to traffic when a version may no longer serve (its artifact failed its integrity check, or a person
/// archived it): its share goes to the stable version and it stops shadowing, in the caller's transaction, with a
/// deployment event and audit. Called by <c>ModelRegistry.MarkUnhealthyAsync</c> (the one home of "integrity
/// failure") and by <c>ModelRegistry.ChangeStageAsync</c> when a person archives a version.
/// </summary>
internal static class ServingFallback
{
    /// <summary>Returns true when the live split or the shadow set changed (the caller notifies serving after commit).</summary>
    internal static Task<bool> MoveOffUnhealthyAsync(PortalDbContext db, AuditTrail audit, DateTime now, Guid modelId, string version, string detail, Actor actor, CancellationToken ct) =>
        MoveOffAsync(db, audit, now, modelId, version, Cause.IntegrityFailed, detail, actor, ct);

    /// <summary>
    /// A person archives a version: an Archived version may not serve, so its share goes to the stable version. The
    /// stable version itself cannot be archived while it carries traffic (nothing approved could take it): 409.
    /// </summary>
    internal static Task<bool> MoveOffArchivedAsync(PortalDbContext db, AuditTrail audit, DateTime now, Guid modelId, string version, string? reason, Actor actor, CancellationToken ct) =>
        MoveOffAsync(db, audit, now, modelId, version, Cause.Archived, reason ?? "", actor, ct);

    private enum Cause
    {
        IntegrityFailed,
        Archived,
    }

    private static async Task<bool> MoveOffAsync(PortalDbContext db, AuditTrail audit, DateTime now, Guid modelId, string version, Cause cause, string detail, Actor actor, CancellationToken ct)
    {
        var serving = await db.ModelServing.SingleOrDefaultAsync(s => s.ModelId == modelId, ct);
        if (serving is null)
        {
            return false;
        }

        var allocation = serving.Allocation();
        var share = allocation.ShareOf(version);
        var shadowing = serving.ShadowVersions.Contains(version);
        if (share.IsZero && !shadowing)
        {
            return false;
        }

        var before = DeploymentLedger.Capture(serving);
        var active = serving.ActiveDeploymentId is { } id ? await db.Deployments.SingleOrDefaultAsync(d => d.Id == id, ct) : null;
        var kind = cause == Cause.Archived ? "archived" : "integrity_failed";
        var why = cause == Cause.Archived ? "was archived" : "failed its artifact integrity check";
        if (string.Equals(version, serving.StableVersion, StringComparison.Ordinal) && cause == Cause.Archived)
        {
            throw DomainException.Conflict($"{version} is the stable version and serves {share} % of live traffic; roll back or complete a promotion of another version before archiving it.");
        }

        if (string.Equals(version, serving.StableVersion, StringComparison.Ordinal))
        {
            // No healthy version may take over without a person: candidates are capped and unapproved. The event makes it visible.
            DeploymentLedger.Record(db, audit, serving, active?.Id, "integrity_failed", actor,
                $"The stable version {version} failed its integrity check and no healthy Production version can take its traffic; roll back or promote a healthy version. {detail}",
                before, new { version, detail, moved = false }, now);
            return false;
        }

        if (!share.IsZero)
        {
            serving.SetAllocation(allocation.Move(version, TrafficPercent.Zero, serving.StableVersion!));
        }

        serving.ShadowVersions = serving.ShadowVersions.Where(v => v != version).ToList();
        DeploymentLedger.Touch(serving, actor, now);
        if (active is not null && string.Equals(active.CandidateVersion, version, StringComparison.Ordinal))
        {
            active.Status = DeploymentStatus.RolledBack;
            active.EndedAt = now;
            active.EndReason = $"{version} {why}.";
            active.ConcurrencyStamp = Guid.NewGuid();
            serving.ActiveDeploymentId = null;
        }

        DeploymentLedger.Record(db, audit, serving, active?.Id, kind, actor,
            $"{version} {why}; its {share} % went to the stable version {serving.StableVersion}. {detail}".TrimEnd(),
            before, new { version, detail, moved = true, movedPercent = share.Value, to = serving.StableVersion }, now);
        return true;
    }
}
