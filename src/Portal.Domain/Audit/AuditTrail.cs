using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Audit;

/// <summary>Filter for the audit log; all parts optional.</summary>
public sealed record AuditQuery(string? EntityType = null, string? EntityId = null, string? Actor = null, string? Action = null, DateTime? From = null, DateTime? To = null);

/// <summary>What verification found wrong, if anything.</summary>
public enum AuditProblem
{
    None,

    /// <summary>An event's sequence, link or hash does not hold.</summary>
    BrokenLink,

    /// <summary>The chain head's HMAC does not match: the head was rewound or edited inside the database.</summary>
    HeadHmac,

    /// <summary>The head (signed) names a later event than the chain holds: the newest events were removed.</summary>
    HeadMismatch,

    /// <summary>The chain is shorter than, or different from, a signed checkpoint written outside the database.</summary>
    Checkpoint,
}

/// <summary>Result of walking the chain.</summary>
public sealed record AuditVerification(bool Valid, int Events, long? FirstBrokenEventId, string Message)
{
    public AuditProblem Problem { get; init; }

    public long? FirstBrokenSequence { get; init; }

    /// <summary>The latest valid checkpoint the chain was compared with, if any.</summary>
    public AuditCheckpoint? Checkpoint { get; init; }
}

/// <summary>
/// The one audit writer and reader. <see cref="Record"/> adds an event to the caller's unit of work; the event is
/// chained and committed by the same <c>SaveChangesAsync</c> as the change it describes.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<PortalDbContext> contexts, AuditKey key, TimeProvider clock, AuditCheckpointLog? checkpoints = null)
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

    /// <summary>
    /// Walks the whole chain oldest first, streaming (flat memory), then checks the signed head and the checkpoints
    /// written outside the database. Reports the first thing that does not hold.
    /// </summary>
    public Task<AuditVerification> VerifyAsync(CancellationToken ct) => VerifyAsync(AuditChainReading.Native, ct);

    internal async Task<AuditVerification> VerifyAsync(AuditChainReading reading, CancellationToken ct)
    {
        var file = checkpoints is null ? null : await checkpoints.ReadAsync(ct);
        var bySequence = new Dictionary<long, AuditCheckpoint>();
        foreach (var c in file?.Valid ?? [])
        {
            bySequence.TryAdd(c.Sequence, c);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        // The head is read first and the walk stops at it, so events appended while verifying are not mistaken for tampering.
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(ct);
        using var walk = new AuditChainWalk(key.Value);
        var (broken, lastId) = await WalkAsync(db, head.LastSequence, reading, walk, bySequence, ct);
        if (broken is { Checkpoint: null })
        {
            return new AuditVerification(false, await CountAsync(db, ct), broken.Id, $"The chain breaks at event #{broken.Id} (sequence {broken.Sequence}): {walk.Problem}.")
            {
                Problem = AuditProblem.BrokenLink,
                FirstBrokenSequence = broken.Sequence,
            };
        }

        if (broken is { Checkpoint: { } checkpoint })
        {
            return new AuditVerification(false, await CountAsync(db, ct), broken.Id, $"The chain is different from checkpoint {checkpoint.Sequence} written at {checkpoint.At:O}: event #{broken.Id} (sequence {broken.Sequence}) has another hash, so the chain was rewritten.")
            {
                Problem = AuditProblem.Checkpoint,
                FirstBrokenSequence = broken.Sequence,
                Checkpoint = checkpoint,
            };
        }

        long? lastEventId = walk.Count == 0 ? null : lastId;
        var emptyUnsignedHead = head.Hmac.Length == 0 && head.LastSequence == 0 && head.LastHash.Length == 0;
        if (!emptyUnsignedHead && !AuditChain.HexEquals(head.Hmac, AuditChain.ComputeHeadMac(key.Value, head.LastSequence, head.LastHash)))
        {
            return new AuditVerification(false, await CountAsync(db, ct), lastEventId, $"The chain head's HMAC does not match (head at sequence {head.LastSequence}): the head was rewound or edited inside the database.")
            {
                Problem = AuditProblem.HeadHmac,
            };
        }

        // The signed head remembers the last link, so deleting events from the end is caught too.
        if (head.LastSequence != walk.LastSequence || head.LastHash != walk.LastHash)
        {
            return new AuditVerification(false, await CountAsync(db, ct), lastEventId, $"The newest events were removed: the chain head names sequence {head.LastSequence} but the chain ends at {walk.LastSequence}.")
            {
                Problem = AuditProblem.HeadMismatch,
                FirstBrokenSequence = walk.LastSequence + 1,
            };
        }

        var latest = file?.Latest;
        if (latest is not null && latest.Sequence > walk.LastSequence)
        {
            return new AuditVerification(false, await CountAsync(db, ct), lastEventId, $"The chain is shorter than checkpoint {latest.Sequence} written at {latest.At:O}: it ends at sequence {walk.LastSequence}, so events were removed and the head rewound.")
            {
                Problem = AuditProblem.Checkpoint,
                FirstBrokenSequence = walk.LastSequence + 1,
                Checkpoint = latest,
            };
        }

        if (file is { ForgedLines.Count: > 0 })
        {
            return new AuditVerification(false, await CountAsync(db, ct), null, $"The checkpoint file has lines whose signature does not hold (line {string.Join(", ", file.ForgedLines)}): it was edited.")
            {
                Problem = AuditProblem.Checkpoint,
                Checkpoint = latest,
            };
        }

        var against = latest is null ? "" : $" The chain matches checkpoint {latest.Sequence} written at {latest.At:O}.";
        return new AuditVerification(true, walk.Count, null, $"All {walk.Count} events verified.{against}") { Checkpoint = latest };
    }

    // On a failure the walk stopped early: report how many events the chain holds, as an intact verify does.
    private static Task<int> CountAsync(PortalDbContext db, CancellationToken ct) => db.AuditEvents.CountAsync(ct);

    /// <summary>
    /// Reads the stored chain up to <paramref name="lastSequence"/> into <paramref name="walk"/>, hashing on a pool
    /// thread while another reads ahead (both are synchronous CPU work), and stops at the first event that does not
    /// hold: a broken link, or a hash other than a checkpoint's. A few batches of reused rows are all it holds.
    /// </summary>
    private static async Task<(ChainBreak? Broken, long LastId)> WalkAsync(PortalDbContext db, long lastSequence, AuditChainReading reading, AuditChainWalk walk, Dictionary<long, AuditCheckpoint> bySequence, CancellationToken ct)
    {
        using var reader = await AuditChainReader.OpenAsync(db, lastSequence, reading, ct);
        return await Task.Run(
            () =>
            {
                long lastId = 0;
                foreach (var row in reader.ReadAhead(ct))
                {
                    if ((row.Sequence & 0xFFF) == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                    }

                    if (!walk.Accept(row))
                    {
                        return (new ChainBreak(row.Id, row.Sequence, null), lastId);
                    }

                    if (bySequence.TryGetValue(row.Sequence, out var checkpoint) && !string.Equals(checkpoint.Hash, row.HashText, StringComparison.Ordinal))
                    {
                        return (new ChainBreak(row.Id, row.Sequence, checkpoint), lastId);
                    }

                    lastId = row.Id;
                }

                return ((ChainBreak?)null, lastId);
            },
            ct);
    }

    private sealed record ChainBreak(long Id, long Sequence, AuditCheckpoint? Checkpoint);

    /// <summary>
    /// Signs the head of a chain written before heads were signed: only when the whole chain verifies and the head
    /// matches its last event, so a database tampered with before the upgrade is not blessed.
    /// </summary>
    public async Task<bool> SignLegacyHeadAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(ct);
        if (head.Hmac.Length > 0 || head.LastSequence == 0)
        {
            return false;
        }

        using var walk = new AuditChainWalk(key.Value);
        var (broken, _) = await WalkAsync(db, long.MaxValue, AuditChainReading.Native, walk, [], ct);
        if (broken is not null)
        {
            return false;
        }

        if (walk.LastSequence != head.LastSequence || walk.LastHash != head.LastHash)
        {
            return false;
        }

        var mac = AuditChain.ComputeHeadMac(key.Value, head.LastSequence, head.LastHash);
        var updated = await db.AuditChainHeads
            .Where(h => h.Id == AuditChainHead.SingletonId && h.Hmac == "" && h.LastSequence == head.LastSequence && h.LastHash == head.LastHash)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Hmac, mac), ct);
        return updated == 1;
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
