using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Serving;

namespace ModelLifecycle.Portal.Serving;

/// <summary>
/// Keeps this instance's routing table and model cache in step with the stored splits: preloads every deployed
/// version at start (<c>Portal:Serving:Cache:PreloadOnStart</c>), preloads a model's versions when this process's
/// deployment engine announces a change, and every <see cref="ServingOptions.RefreshInterval"/> compares the rows'
/// concurrency stamps so a change made by another instance is picked up too. A hosted service, not a Hangfire job:
/// every instance must run it for itself.
/// </summary>
public sealed class ServingWarmup(
    ServingRoutes routes,
    ServingPreloader preloader,
    ServingChanges changes,
    IOptions<ServingOptions> options,
    IOptions<ServingCacheSettings> cache,
    ILogger<ServingWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        changes.Changed += OnChanged;
        try
        {
            if (cache.Value.PreloadOnStart)
            {
                await Guard(async () =>
                {
                    var report = await preloader.PreloadAllAsync(stoppingToken);
                    logger.LogInformation("Preloaded {Loaded} deployed versions ({Failed} failed).", report.Loaded.Count, report.Failed.Count);
                });
            }

            using var timer = new PeriodicTimer(options.Value.RefreshInterval > TimeSpan.Zero ? options.Value.RefreshInterval : TimeSpan.FromSeconds(2));
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Guard(async () =>
                {
                    var changed = await routes.RefreshAsync(stoppingToken);
                    if (changed.Count > 0)
                    {
                        await preloader.PreloadAsync(changed, stoppingToken);
                    }
                });
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            changes.Changed -= OnChanged;
        }

        async Task Guard(Func<Task> work)
        {
            try
            {
                await work();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Serving refresh failed; trying again on the next tick.");
            }
        }
    }

    // The routing table drops the route itself on the same event; this only warms the cache for the new split.
    private void OnChanged(Guid modelId) => _ = Task.Run(async () =>
    {
        try
        {
            await preloader.PreloadModelAsync(modelId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Preloading model {ModelId} after a change failed.", modelId);
        }
    });
}
