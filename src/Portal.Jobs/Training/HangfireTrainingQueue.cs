using Hangfire;
using Hangfire.States;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Jobs.Training;

/// <summary>The training queue on Hangfire: one background job per run, one recurring job per scheduled model.</summary>
public sealed class HangfireTrainingQueue(IBackgroundJobClient jobs, IRecurringJobManager recurring, JobStorage storage) : ITrainingQueue
{
    public static string RecurringId(string modelName) => $"retrain:{modelName}";

    public string Enqueue(Guid runId) => jobs.Enqueue<RetrainingJob>(j => j.RunAsync(runId, null, CancellationToken.None));

    public void Remove(string jobId) => jobs.Delete(jobId);

    public bool IsLive(string? jobId)
    {
        if (string.IsNullOrEmpty(jobId))
        {
            return false;
        }

        using var connection = storage.GetConnection();
        var state = connection.GetStateData(jobId);
        var name = state?.Name;
        if (name is null)
        {
            // Unknown: in-memory storage after a restart.
            return false;
        }

        if (name == EnqueuedState.StateName || name == ScheduledState.StateName || name == AwaitingState.StateName)
        {
            return true;
        }

        // Processing on a server that still reports in is live; a dead server's job was interrupted. Deleted, failed
        // or succeeded jobs will not run it.
        return name == ProcessingState.StateName
            && state!.Data.TryGetValue("ServerId", out var server)
            && storage.GetMonitoringApi().Servers().Any(s => s.Name == server);
    }

    public void Schedule(string modelName, string cron)
    {
        try
        {
            recurring.AddOrUpdate<RetrainingJob>(
                RecurringId(modelName),
                j => j.LaunchScheduledAsync(modelName, CancellationToken.None),
                cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException || ex.GetType().Name.Contains("Cron", StringComparison.Ordinal))
        {
            throw DomainException.Invalid($"cron: '{cron}' is not a valid cron expression ({ex.Message}).");
        }
    }

    public void Unschedule(string modelName) => recurring.RemoveIfExists(RecurringId(modelName));
}
