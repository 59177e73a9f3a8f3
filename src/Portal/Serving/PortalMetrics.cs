using Microsoft.AspNetCore.Authorization;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Portal.Security;
using OpenTelemetry.Metrics;

namespace ModelLifecycle.Portal.Serving;

/// <summary>
/// OpenTelemetry metrics (serving meter, ASP.NET Core, runtime) for Prometheus at <c>/metrics</c>, only when
/// <c>Portal:Metrics:Enabled</c> is true; otherwise nothing is collected and the path is a 404. Scrapers usually
/// have no login, so the endpoint is anonymous unless <c>Portal:Metrics:RequireApiKey</c> asks for an API key.
/// </summary>
public static class PortalMetrics
{
    public const string Path = "/metrics";

    public static bool Enabled(IConfiguration config) => config.GetValue("Portal:Metrics:Enabled", false);

    public static bool RequireApiKey(IConfiguration config) => config.GetValue("Portal:Metrics:RequireApiKey", false);

    public static WebApplicationBuilder AddPortalMetrics(this WebApplicationBuilder builder)
    {
        if (Enabled(builder.Configuration))
        {
            builder.Services.AddOpenTelemetry().WithMetrics(m => m
                .AddMeter(ServingMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        }

        return builder;
    }

    public static WebApplication MapPortalMetrics(this WebApplication app)
    {
        if (!Enabled(app.Configuration))
        {
            return app;
        }

        // Created now so the log's queue depth and drops are exported before the first prediction.
        app.Services.GetRequiredService<ServingMetrics>();
        var endpoint = app.MapPrometheusScrapingEndpoint(Path).ExcludeFromDescription();
        if (RequireApiKey(app.Configuration))
        {
            // Only the API key scheme: a scraper gets a 401, never the portal's login redirect.
            endpoint.RequireAuthorization(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        }
        else
        {
            endpoint.AllowAnonymous();
        }

        return app;
    }
}
