using Microsoft.Extensions.Logging;
using ModelLifecycle.Domain.Monitoring;

namespace ModelLifecycle.Jobs.Monitoring;

/// <summary>A model's recurring drift scan: a thin call into <see cref="DriftScanService"/>, so tests can run it directly.</summary>
public sealed class DriftScanJob(DriftScanService scans, ILogger<DriftScanJob> logger)
{
    public async Task RunAsync(string modelName, CancellationToken ct)
    {
        var result = await scans.ScheduledScanAsync(modelName, ct);
        if (result is null)
        {
            logger.LogInformation("Drift scan of {Model}: nothing to scan (not deployed, or too few predictions or no reference).", modelName);
            return;
        }

        logger.LogInformation("Drift scan of {Model}: report {Report}, alerts [{Alerts}], trigger {Trigger}.", modelName, result.Report.Id, string.Join(", ", result.Alerts), result.Trigger);
    }
}
