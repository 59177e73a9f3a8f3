using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelLifecycle.Domain.Serving;

namespace ModelLifecycle.Portal.Serving;

/// <summary>The prediction log (one writer: the queue the request path fills and the service that drains it), its retention and the serving metrics.</summary>
public static class PredictionLogRegistration
{
    public static WebApplicationBuilder AddPredictionLog(this WebApplicationBuilder builder)
    {
        builder.Services.AddPredictionLog(builder.Configuration);
        return builder;
    }

    public static IServiceCollection AddPredictionLog(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<PredictionLogOptions>()
            .Bind(config.GetSection(PredictionLogOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PredictionLogOptions>, SettingsCheck>();

        // One instance is both the queue (IPredictionLog) and the hosted service that drains it.
        services.AddSingleton<PredictionLogWriter>();
        services.AddSingleton<IPredictionLog>(sp => sp.GetRequiredService<PredictionLogWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<PredictionLogWriter>());
        services.AddSingleton<PredictionLogRetention>();
        services.TryAddSingleton<ServingMetrics>();
        return services;
    }

    /// <summary>Refuses to start with an out-of-range setting, naming its key.</summary>
    private sealed class SettingsCheck : IValidateOptions<PredictionLogOptions>
    {
        public ValidateOptionsResult Validate(string? name, PredictionLogOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
