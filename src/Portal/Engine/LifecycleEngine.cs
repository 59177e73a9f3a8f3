using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Security;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Portal.Engine;

/// <summary>Registers the lifecycle engine's services (registry, approvals, audit, keys, users).</summary>
public static class LifecycleEngine
{
    public static WebApplicationBuilder AddLifecycleEngine(this WebApplicationBuilder builder)
    {
        builder.Services.AddLifecycleEngine(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddLifecycleEngine(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(TimeProvider.System);
        services.Configure<ApprovalOptions>(config.GetSection("Portal:Approvals"));
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<PromotionService>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<DriftService>();
        services.AddSingleton<Domain.Training.DatasetService>();
        services.Configure<TrainingOptions>(config.GetSection("Portal:Training"));
        services.AddSingleton<TrainingService>();
        services.AddSingleton<TrainingRunTracker>();
        services.AddSingleton<Domain.Storage.Artifacts.ArtifactSweeper>();
        services.AddScoped<UserAdministration>();
        services.AddSingleton<ServingChanges>();
        services.AddDeployments(config);
        services.AddSingleton<Domain.AbTests.AbTestService>();
        services.AddAlerts(config);
        services.Configure<Domain.Monitoring.MonitoringOptions>(config.GetSection("Portal:Monitoring"));
        services.AddSingleton<Domain.Monitoring.DriftScanService>();
        services.AddSingleton<Domain.Monitoring.MonitoringReferences>();
        return services;
    }
}
