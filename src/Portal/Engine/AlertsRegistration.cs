using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Portal.Engine;

/// <summary>Registers the alert service, the webhook sender and its outbox dispatcher (<c>Portal:Alerts</c>).</summary>
public static class AlertsRegistration
{
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AlertOptions>().Bind(config.GetSection("Portal:Alerts"))
            .Validate(o => o.WebhookPollInterval > TimeSpan.Zero, "Portal:Alerts:WebhookPollInterval must be positive.")
            .Validate(o => o.WebhookBackoff > TimeSpan.Zero && o.WebhookMaxBackoff >= o.WebhookBackoff, "Portal:Alerts:WebhookBackoff must be positive and at most WebhookMaxBackoff.")
            .Validate(o => o.WebhookMaxAttempts >= 1, "Portal:Alerts:WebhookMaxAttempts must be at least 1.")
            .Validate(o => o.WebhookTimeout > TimeSpan.Zero, "Portal:Alerts:WebhookTimeout must be positive.")
            .ValidateOnStart();
        services.AddSingleton<AlertService>();
        // One client for the process; redirects are not followed (a webhook must not be bounced to another host).
        services.AddSingleton(sp => new AlertWebhookSender(
            sp.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
            new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<AlertOptions>>()));
        services.AddHostedService<AlertWebhookDispatcher>();
        return services;
    }
}

/// <summary>
/// Works off the webhook outbox every <c>WebhookPollInterval</c>. Delivery is at least once: a crash between the POST
/// and recording it sends again, so receivers deduplicate by the <c>X-ModelLifecycle-Delivery</c> header.
/// </summary>
public sealed class AlertWebhookDispatcher(AlertWebhookSender sender, IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertWebhookDispatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.WebhookPollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sender.SendDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Sending alert webhooks failed.");
            }
        }
    }
}
