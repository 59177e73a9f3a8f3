using ModelLifecycle.Domain.Serving;

namespace ModelLifecycle.Jobs.Maintenance;

/// <summary>Daily Hangfire job: deletes prediction records past <c>Portal:Serving:LogRetentionDays</c>.</summary>
public sealed class PurgePredictionLogJob(PredictionLogRetention retention)
{
    public const string RecurringId = "purge-prediction-log";

    public Task<int> RunAsync(CancellationToken ct) => retention.PurgeAsync(ct);
}
