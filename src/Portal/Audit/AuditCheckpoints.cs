using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Portal.Audit;

/// <summary>
/// Signed checkpoints of the audit chain outside the database: written after commits every
/// <c>Portal:Audit:CheckpointEvents</c> events and by a timer every <c>Portal:Audit:CheckpointInterval</c>.
/// </summary>
public static class AuditCheckpoints
{
    public static string Directory(IConfiguration config, string dataDir) =>
        Path.GetFullPath(config["Portal:Audit:CheckpointDirectory"] is { Length: > 0 } dir ? dir : Path.Combine(dataDir, "audit-checkpoints"));

    public static IServiceCollection AddAuditCheckpoints(this IServiceCollection services, IConfiguration config, string dataDir)
    {
        var events = config.GetValue("Portal:Audit:CheckpointEvents", 100);
        if (events < 1)
        {
            throw new InvalidOperationException("Portal:Audit:CheckpointEvents must be at least 1.");
        }

        services.AddSingleton(new AuditCheckpointOptions(Directory(config, dataDir), events));
        services.AddSingleton<AuditCheckpointLog>();
        services.AddSingleton<AuditCheckpointInterceptor>();
        services.AddHostedService(sp => new AuditCheckpointTimer(
            sp.GetRequiredService<AuditCheckpointLog>(),
            sp.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
            sp.GetRequiredService<TimeProvider>(),
            config.GetValue("Portal:Audit:CheckpointInterval", TimeSpan.FromMinutes(10)),
            sp.GetRequiredService<ILogger<AuditCheckpointTimer>>()));
        return services;
    }
}

/// <summary>Writes a checkpoint at start and then on every interval, if the chain moved (CloudTrail writes its digests hourly).</summary>
public sealed class AuditCheckpointTimer(AuditCheckpointLog log, IDbContextFactory<PortalDbContext> contexts, TimeProvider clock, TimeSpan interval, ILogger<AuditCheckpointTimer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await log.WriteIfMovedAsync(contexts, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The timed audit checkpoint failed.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
