using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Portal.Serving;

/// <summary>
/// STAND-IN until the batched prediction-log writer lands (the coordinator deletes this file and its registration in
/// <see cref="ServingRegistration"/> at merge): each record is written straight to the database on the thread pool, one
/// insert per record, no batching, no bound. <see cref="FlushAsync"/> waits for every write started before it.
/// </summary>
public sealed class DirectPredictionLog(IDbContextFactory<PortalDbContext> contexts, ILogger<DirectPredictionLog> logger) : IPredictionLog
{
    private readonly Lock gate = new();
    private readonly HashSet<Task> pending = [];
    private long dropped;

    public int QueueDepth
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    public long Dropped => Interlocked.Read(ref dropped);

    public bool TryEnqueue(PredictionRecord record)
    {
        var write = Task.Run(() => WriteAsync(record));
        lock (gate)
        {
            if (!write.IsCompleted)
            {
                pending.Add(write);
            }
        }

        _ = write.ContinueWith(
            done =>
            {
                lock (gate)
                {
                    pending.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return true;
    }

    public Task FlushAsync(CancellationToken ct)
    {
        Task[] snapshot;
        lock (gate)
        {
            snapshot = [.. pending];
        }

        return Task.WhenAll(snapshot).WaitAsync(ct);
    }

    private async Task WriteAsync(PredictionRecord record)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.Predictions.Add(record);
            await db.SaveChangesAsync();
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref dropped);
            logger.LogError(ex, "Prediction {Id} could not be written.", record.Id);
        }
    }
}
