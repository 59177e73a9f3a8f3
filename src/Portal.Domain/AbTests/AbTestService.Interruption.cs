using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.AbTests;

/// <summary>
/// A running test owns its model's split, but the deployment engine may take it away: the health check rolling the
/// challenger back, a person changing the traffic, a new rollout, an archived arm moved off by the registry. Whatever
/// took it, the test cannot go on (one arm stops receiving traffic and its minimum may never be reached), so it ends
/// as interrupted, its numbers frozen at the moment of that change, the reason naming the change. This is the one
/// place that decides it; it runs whenever a test is read and after every health evaluation, so no page ever shows a
/// test as running whose split is gone.
/// </summary>
public sealed partial class AbTestService
{
    /// <summary>Ends every running test whose split is no longer live; returns how many ended.</summary>
    public async Task<int> EndInterruptedAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var running = await db.AbTests.Where(t => t.StoppedAt == null).ToListAsync(ct);
        var ended = 0;
        foreach (var test in running)
        {
            ended += await InterruptIfSplitTakenAsync(db, test, ct) ? 1 : 0;
        }

        if (ended > 0)
        {
            await SaveInterruptionsAsync(db, ct);
        }

        return ended;
    }

    /// <summary>Reads a test for display, ending it first when its split was taken (a tracked read, saved at once).</summary>
    private async Task<AbTest> CurrentAsync(PortalDbContext db, Guid id, CancellationToken ct)
    {
        var test = await FindAsync(db, id, track: true, ct);
        if (await InterruptIfSplitTakenAsync(db, test, ct))
        {
            await SaveInterruptionsAsync(db, ct);
        }

        return test;
    }

    private async Task<bool> InterruptIfSplitTakenAsync(PortalDbContext db, AbTest test, CancellationToken ct)
    {
        if (!test.IsRunning)
        {
            return false;
        }

        var live = await db.ModelServing.AsNoTracking().SingleOrDefaultAsync(s => s.ModelId == test.ModelId, ct);
        if (live is not null && live.Allocation().Equals(test.Split()))
        {
            return false;
        }

        // The first change of the split after the test's own start (strictly later: earlier events of the same tick set it up) took it.
        var change = await db.DeploymentEvents.AsNoTracking()
            .Where(e => e.ModelId == test.ModelId && e.At > test.StartedAt && e.Before != e.After)
            .OrderBy(e => e.At).FirstOrDefaultAsync(ct);
        var at = change?.At ?? live?.UpdatedAt ?? Now;
        var by = change?.Actor ?? live?.UpdatedBy ?? "system";
        var what = change is null
            ? "the model's split changed"
            : $"{change.Kind.Replace('_', ' ')} by {by}{(string.IsNullOrWhiteSpace(change.Reason) ? "" : $": {change.Reason}")}";
        var reason = $"Interrupted at {at:yyyy-MM-ddTHH:mm:ss}Z: its split ({test.Split()}) was taken away ({what}). The numbers are frozen at that moment.";
        var evaluation = await EvaluateAsync(db, test, at, stopped: true, ct);
        test.Interrupt(reason.Length <= FieldLimits.Reason ? reason : reason[..(FieldLimits.Reason - 1)] + "…", Json.Serialize(evaluation), at);
        audit.Record(db, Actor.System, "abtest.interrupted", "abtest", test.Id.ToString(), null,
            new { evaluation.Status, evaluation.Winner, evaluation.Comparison?.PValue, changeKind = change?.Kind, changedBy = by, changedAt = at }, reason);
        return true;
    }

    private static async Task SaveInterruptionsAsync(PortalDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another reader or a person's stop ended it first: their outcome stands.
            foreach (var entry in db.ChangeTracker.Entries())
            {
                entry.State = EntityState.Detached;
            }
        }
    }
}
