namespace ModelLifecycle.Domain.Training;

/// <summary>
/// Where a launched run waits to be trained (Hangfire in the portal). The engine only needs these operations, so it
/// knows nothing of the job library and the job storage's own ids stay opaque text.
/// </summary>
public interface ITrainingQueue
{
    /// <summary>Queues the run's job and returns the queue's job id.</summary>
    string Enqueue(Guid runId);

    /// <summary>Removes a job that has not started (a cancelled run); no effect on one already finished.</summary>
    void Remove(string jobId);

    /// <summary>
    /// True when the queue still holds the job waiting, or running on a server that is alive. False when the job
    /// storage lost it (in-memory storage after a crash) or its server died: the run was interrupted.
    /// </summary>
    bool IsLive(string? jobId);

    /// <summary>Registers (or replaces) the model's recurring retraining; an invalid cron is a validation error naming <c>cron</c>.</summary>
    void Schedule(string modelName, string cron);

    void Unschedule(string modelName);
}
