using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelLifecycle.Domain.Serving;

namespace ModelLifecycle.Portal.Serving;

/// <summary>Registers the prediction path: routing table, model cache, scorers, preloading, feedback and metrics.</summary>
public static class ServingRegistration
{
    public static WebApplicationBuilder AddPortalServing(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<ServingOptions>(builder.Configuration.GetSection("Portal:Serving"));
        services.Configure<ServingCacheSettings>(builder.Configuration.GetSection("Portal:Serving:Cache"));
        services.TryAddSingleton<ServingChanges>();
        services.TryAddSingleton<ServingMetrics>();

        services.AddSingleton<ServingRoutes>();
        services.AddSingleton<ScorerCache>();
        services.AddSingleton<ServingPreloader>();
        services.AddSingleton<FaultInjection>();
        services.AddSingleton<PredictionService>();
        services.AddSingleton<PredictionFeedback>();
        services.AddHostedService<ServingWarmup>();
        return builder;
    }
}
