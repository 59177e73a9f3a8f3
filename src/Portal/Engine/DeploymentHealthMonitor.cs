using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.AbTests;
using ModelLifecycle.Domain.Deployments;

namespace ModelLifecycle.Portal.Engine;

/// <summary>Registers the deployment engine and its periodic health evaluator (<c>Portal:Deployments</c>).</summary>
public static class DeploymentsRegistration
{
    public static IServiceCollection AddDeployments(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<DeploymentOptions>().Bind(config.GetSection("Portal:Deployments"))
            .Validate(o => o.HealthInterval > TimeSpan.Zero, "Portal:Deployments:HealthInterval must be positive.")
            .Validate(o => o.HealthWindow > TimeSpan.Zero, "Portal:Deployments:HealthWindow must be positive.")
            .ValidateOnStart();
        services.AddSingleton<DeploymentService>();
        services.AddHostedService<DeploymentHealthMonitor>();
        return services;
    }
}

/// <summary>
/// Evaluates every deployed model's health against its rollback policy every <c>HealthInterval</c> (30 s by default).
/// A hosted timer rather than a Hangfire job: Hangfire's cron is per minute, and the issue asks for 30 s or less.
/// Several instances evaluating at once are safe: the serving row's concurrency stamp lets one change win. After each
/// evaluation, running A/B tests whose split was taken away end as interrupted (<see cref="AbTestService.EndInterruptedAsync"/>).
/// </summary>
public sealed class DeploymentHealthMonitor(DeploymentService deployments, AbTestService abTests, IOptions<DeploymentOptions> options, TimeProvider clock, ILogger<DeploymentHealthMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HealthInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var outcome in await deployments.EvaluateAllAsync(stoppingToken))
                {
                    if (outcome.Action != "None")
                    {
                        logger.LogWarning("Deployment health of {Model}: {Verdict}, {Action}. {Detail}", outcome.Model, outcome.Verdict, outcome.Action, outcome.Detail);
                    }
                }

                // A rollback (or any change since the last tick) that took a running A/B test's split ends that test.
                if (await abTests.EndInterruptedAsync(stoppingToken) is > 0 and var ended)
                {
                    logger.LogWarning("{Count} A/B test(s) ended: their split was taken away.", ended);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The deployment health evaluation failed.");
            }
        }
    }
}
