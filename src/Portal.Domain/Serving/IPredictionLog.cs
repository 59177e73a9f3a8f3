namespace ModelLifecycle.Domain.Serving;

/// <summary>
/// Where the prediction path hands every served and shadow prediction. Never blocks the request: when the queue is
/// full the record is dropped and counted (<see cref="Dropped"/>), never silently.
/// </summary>
public interface IPredictionLog
{
    /// <summary>Queues the record for a batched write; false when it was dropped because the queue is full.</summary>
    bool TryEnqueue(PredictionRecord record);

    /// <summary>Records waiting to be written.</summary>
    int QueueDepth { get; }

    /// <summary>Records dropped since start because the queue was full.</summary>
    long Dropped { get; }

    /// <summary>Records that were queued but could not be written after every retry (logged as errors).</summary>
    long Lost => 0;

    /// <summary>Returns when every record queued before the call is in the database (feedback and tests wait on this).</summary>
    Task FlushAsync(CancellationToken ct);
}
