using System.Net;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using ModelLifecycle.Domain.Serving;
using ModelLifecycle.Jobs.Maintenance;

namespace ModelLifecycle.Tests.Unit.Integration;

/// <summary>/metrics over HTTP in the real app: Prometheus text when enabled, absent when not, an API key when asked.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Enabled_metrics_serve_prometheus_text_with_the_serving_instruments()
    {
        await using var app = new PortalApp { Settings = new Dictionary<string, string> { ["Portal:Metrics:Enabled"] = "true" } };
        using var scraper = app.CreateClient();
        app.Services.GetRequiredService<ServingMetrics>().Prediction("churn", "1.1.0", shadow: false, succeeded: true, latencyMs: 4.2);

        var response = await scraper.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("modellifecycle_predictions", text, StringComparison.Ordinal);
        Assert.Contains("model=\"churn\"", text, StringComparison.Ordinal);
        Assert.Contains("modellifecycle_prediction_log_queue_depth", text, StringComparison.Ordinal);
        Assert.Contains("modellifecycle_prediction_log_dropped", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_metrics_are_not_found_and_the_purge_job_is_scheduled()
    {
        await using var app = new PortalApp();
        using var scraper = app.CreateClient();

        var response = await scraper.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var storage = app.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Contains(storage.GetRecurringJobs(), j => j.Id == PurgePredictionLogJob.RecurringId);
    }

    [Fact]
    public async Task Metrics_behind_an_api_key_refuse_anonymous_scrapers()
    {
        await using var app = new PortalApp
        {
            Settings = new Dictionary<string, string> { ["Portal:Metrics:Enabled"] = "true", ["Portal:Metrics:RequireApiKey"] = "true" },
        };
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);

        using var admin = await app.ClientForAsync(PortalApp.AdminEmail);
        using var keyed = await app.KeyClientAsync(admin, "Viewer");
        var response = await keyed.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("modellifecycle_prediction_log_queue_depth", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
