using Hangfire;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Monitoring;

namespace ModelLifecycle.Jobs.Monitoring;

/// <summary>Recurring drift scans on Hangfire: one recurring job per model, <c>drift-scan:{model}</c>, cron in UTC.</summary>
public sealed class HangfireDriftScanScheduler(IRecurringJobManager recurring) : IDriftScanScheduler
{
    public static string RecurringId(string modelName) => $"drift-scan:{modelName}";

    public void Schedule(string modelName, string cron)
    {
        try
        {
            recurring.AddOrUpdate<DriftScanJob>(
                RecurringId(modelName),
                j => j.RunAsync(modelName, CancellationToken.None),
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
