using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Audit;

/// <summary>Filter for the audit log; all parts optional.</summary>
public sealed record AuditQuery(string? EntityType = null, string? EntityId = null, string? Actor = null, string? Action = null, DateTime? From = null, DateTime? To = null);

/// <summary>Result of walking the chain.</summary>
public sealed record AuditVerification(bool Valid, int Events, long? FirstBrokenEventId, string Message);

/// <summary>
/// The one audit writer and reader. <see cref="Record"/> adds an event to the caller's unit of work; the event is
/// chained and committed by the same <c>SaveChangesAsync</c> as the change it describes.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<PortalDbContext> contexts, AuditKey key, TimeProvider clock)
{
    public AuditEvent Record(PortalDbContext db, Actor actor, string action, string entityType, string entityId, object? before, object? after, string? reason = null)
    {
        var e = new AuditEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor.Name,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before is null ? null : Json.Serialize(before),
            After = after is null ? null : Json.Serialize(after),
            Reason = reason,
        };
        db.AuditEvents.Add(e);
        return e;
    }

    public async Task<Paged<AuditEvent>> QueryAsync(AuditQuery query, PageRequest page, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var q = Filter(db.AuditEvents.AsNoTracking(), query);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(e => e.Sequence).Skip(page.Skip).Take(page.SafeSize).ToListAsync(ct);
        return new Paged<AuditEvent>(items, total, page.SafePage, page.SafeSize);
    }

    /// <summary>All matching events, oldest first, for export.</summary>
    public async IAsyncEnumerable<AuditEvent> StreamAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await foreach (var e in Filter(db.AuditEvents.AsNoTracking(), query).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return e;
        }
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var events = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(ct);
        var broken = AuditChain.FindFirstBroken(key.Value, events);
        if (broken is not null)
        {
            return new AuditVerification(false, events.Count, broken, $"The chain breaks at event {broken}: it was changed, removed or inserted after it was written.");
        }

        // The head remembers the last link, so deleting events from the end is caught too.
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(ct);
        var last = events.LastOrDefault();
        if (head.LastSequence != (last?.Sequence ?? 0) || head.LastHash != (last?.Hash ?? ""))
        {
            return new AuditVerification(false, events.Count, last?.Id, "The newest events were removed: the chain head does not match the last stored event.");
        }

        return new AuditVerification(true, events.Count, null, $"All {events.Count} events verified.");
    }

    private static IQueryable<AuditEvent> Filter(IQueryable<AuditEvent> q, AuditQuery f)
    {
        if (!string.IsNullOrWhiteSpace(f.EntityType))
        {
            q = q.Where(e => e.EntityType == f.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(f.EntityId))
        {
            q = q.Where(e => e.EntityId == f.EntityId);
        }

        if (!string.IsNullOrWhiteSpace(f.Actor))
        {
            q = q.Where(e => e.Actor.Contains(f.Actor));
        }

        if (!string.IsNullOrWhiteSpace(f.Action))
        {
            q = q.Where(e => e.Action.StartsWith(f.Action));
        }

        if (f.From is { } from)
        {
            q = q.Where(e => e.At >= from);
        }

        if (f.To is { } to)
        {
            q = q.Where(e => e.At <= to);
        }

        return q;
    }
}
