namespace ModelLifecycle.Domain.Monitoring;

/// <summary>Where recurring drift scans are registered (Hangfire in the portal); the engine knows nothing of the job library.</summary>
public interface IDriftScanScheduler
{
    /// <summary>Registers (or replaces) the model's recurring scan; an invalid cron is a validation error naming <c>cron</c>.</summary>
    void Schedule(string modelName, string cron);

    void Unschedule(string modelName);
}
