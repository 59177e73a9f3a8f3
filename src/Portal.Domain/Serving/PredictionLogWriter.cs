using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// The prediction log: a bounded channel the request path writes to without waiting, drained by this background
/// service in batches (<see cref="PredictionInsert"/>). A full queue drops the record and counts it; a failed write
/// is retried with backoff and, when it still fails, counted as lost and logged. Stopping the host drains the queue.
/// </summary>
public sealed class PredictionLogWriter : IHostedService, IPredictionLog, IDisposable
{
    private static readonly TimeSpan DropWarningInterval = TimeSpan.FromSeconds(10);

    private readonly Channel<Entry> channel;
    private readonly IDbContextFactory<PortalDbContext> contexts;
    private readonly PredictionLogOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger<PredictionLogWriter> logger;

    // Cancelled only when the host's shutdown timeout runs out, so a graceful stop drains instead of aborting.
    private readonly CancellationTokenSource abort = new();

    private Task? draining;
    private volatile bool stopping;
    private long dropped;
    private long lost;
    private long retries;
    private int pending;
    private long lastDropWarning;

    public PredictionLogWriter(
        IDbContextFactory<PortalDbContext> contexts, IOptions<PredictionLogOptions> options, TimeProvider clock, ILogger<PredictionLogWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        if (this.options.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        this.contexts = contexts;
        this.clock = clock;
        this.logger = logger;
        channel = Channel.CreateBounded<Entry>(new BoundedChannelOptions(this.options.LogQueueCapacity)
        {
            // Wait mode makes TryWrite answer false on a full queue (DropWrite would report success): the caller
            // counts the drop. FlushAsync's marker waits for room instead of being dropped.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public int QueueDepth => Volatile.Read(ref pending);

    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Records that were queued but could not be written after every retry.</summary>
    public long Lost => Interlocked.Read(ref lost);

    /// <summary>Failed batch writes that were tried again.</summary>
    public long Retries => Interlocked.Read(ref retries);

    public bool TryEnqueue(PredictionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Id == Guid.Empty)
        {
            record.Id = Guid.CreateVersion7();
        }

        // Counted before the write so the reader never takes the depth below zero.
        Interlocked.Increment(ref pending);
        if (channel.Writer.TryWrite(new Entry(record, null)))
        {
            return true;
        }

        Interlocked.Decrement(ref pending);
        var total = Interlocked.Increment(ref dropped);
        WarnDropped(total);
        return false;
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        var flushed = new FlushMarker(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), Lost);
        try
        {
            await channel.Writer.WriteAsync(new Entry(null, flushed), ct);
        }
        catch (ChannelClosedException)
        {
            // Stopping: the drain writes everything that was queued.
            if (draining is { } drain)
            {
                await drain.WaitAsync(ct);
            }

            return;
        }

        await flushed.Done.Task.WaitAsync(ct);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Not BackgroundService: since .NET 10 it starts ExecuteAsync through Task.Run with the stopping token, so a
        // host stopped right after starting never ran the loop and the queued records were never written.
        draining ??= Task.Run(DrainAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        channel.Writer.TryComplete();
        if (draining is null)
        {
            return;
        }

        await using var registration = cancellationToken.Register(abort.Cancel);
        try
        {
            await draining.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogError("The host's shutdown timeout ended the prediction log's drain with {Count} records unwritten.", QueueDepth);
        }
    }

    public void Dispose() => abort.Dispose();

    // Ends when the channel is completed (StopAsync) and empty: a stop drains everything queued before it.
    private async Task DrainAsync()
    {
        var batch = new List<PredictionRecord>(Math.Min(options.LogBatchSize, 10_000));
        var flushes = new List<FlushMarker>();
        var reader = channel.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < options.LogBatchSize && reader.TryRead(out var entry))
            {
                if (entry.Record is { } record)
                {
                    batch.Add(record);
                }
                else
                {
                    flushes.Add(entry.Flush!);
                }
            }

            await WriteWithRetriesAsync(batch);
            Interlocked.Add(ref pending, -batch.Count);

            // Every record queued before a marker was in this batch or an earlier one, and records behind it in this
            // batch share the batch's fate: any loss since the marker was queued touched a record before it.
            var lostNow = Lost;
            foreach (var flush in flushes)
            {
                if (lostNow == flush.LostBefore)
                {
                    flush.Done.TrySetResult();
                }
                else
                {
                    flush.Done.TrySetException(new InvalidOperationException(
                        $"{lostNow - flush.LostBefore} prediction records queued before the flush could not be written; see the log."));
                }
            }

            batch.Clear();
            flushes.Clear();
        }
    }

    private async Task WriteWithRetriesAsync(List<PredictionRecord> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var delay = options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(abort.Token);
                await PredictionInsert.WriteAsync(db, batch, abort.Token);
                return;
            }
            catch (Exception e) when (attempt < options.WriteAttempts && !abort.IsCancellationRequested)
            {
                Interlocked.Increment(ref retries);
                logger.LogWarning(e, "Writing {Count} prediction records failed (attempt {Attempt} of {Attempts}); retrying in {Delay}.", batch.Count, attempt, options.WriteAttempts, delay);
                try
                {
                    await Task.Delay(delay, clock, abort.Token);
                }
                catch (OperationCanceledException)
                {
                    // Shutdown timeout: the next attempt fails at once and counts the batch as lost.
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, PredictionLogOptions.MaxRetryDelay.Ticks));
            }
            catch (Exception e)
            {
                var total = Interlocked.Add(ref lost, batch.Count);
                logger.LogError(e, "{Count} prediction records could not be written after {Attempts} attempts and are lost ({Total} lost since start).", batch.Count, attempt, total);
                return;
            }
        }
    }

    private void WarnDropped(long total)
    {
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref lastDropWarning);
        if ((last == 0 || clock.GetElapsedTime(last, now) >= DropWarningInterval) && Interlocked.CompareExchange(ref lastDropWarning, now, last) == last)
        {
            if (stopping)
            {
                logger.LogWarning("The prediction log has stopped: records of predictions made while the host shuts down are dropped ({Dropped} since start).", total);
                return;
            }

            logger.LogWarning(
                "The prediction log queue is full ({Capacity} records): predictions still succeed but their records are dropped ({Dropped} since start). Raise Portal:Serving:LogQueueCapacity or check the database.",
                options.LogQueueCapacity, total);
        }
    }

    private readonly record struct Entry(PredictionRecord? Record, FlushMarker? Flush);

    /// <summary>A flush request travelling through the queue behind the records it waits for.</summary>
    private sealed record FlushMarker(TaskCompletionSource Done, long LostBefore);
}
