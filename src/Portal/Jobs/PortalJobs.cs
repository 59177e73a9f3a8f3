using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Jobs.Maintenance;
using ModelLifecycle.Portal.Security;
using ModelLifecycle.Portal.Storage;

namespace ModelLifecycle.Portal.Jobs;

/// <summary>Hangfire: in-memory storage with SQLite, SQL Server storage beside a SQL Server database; dashboard for Admins.</summary>
public static class PortalJobs
{
    public static WebApplicationBuilder AddPortalJobs(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        builder.Services.AddHangfire(h =>
        {
            h.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (PortalStorage.Provider(config) == PortalStorage.SqlServerProvider)
            {
                h.UseSqlServerStorage(config.GetConnectionString("Portal"));
            }
            else
            {
                h.UseInMemoryStorage(new InMemoryStorageOptions());
            }
        });
        builder.Services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        builder.Services.AddTransient<ExpirePromotionRequestsJob>();
        builder.Services.AddTransient<SweepArtifactsJob>();
        builder.Services.AddTransient<PurgePredictionLogJob>();
        return builder;
    }

    public static WebApplication MapPortalJobs(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminOnlyDashboardFilter()],
            AppPath = "/",
            DashboardTitle = "ModelLifecycle jobs",
        },
        // This host's own storage, not the process-wide JobStorage.Current that the last host to start configured
        // (in the test suite several hosts share one process, and one disposing its storage broke the others' dashboard).
        app.Services.GetRequiredService<JobStorage>()).RequireAuthorization(PortalSecurity.Admins);

        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<ExpirePromotionRequestsJob>(ExpirePromotionRequestsJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        recurring.AddOrUpdate<SweepArtifactsJob>(SweepArtifactsJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Daily());
        recurring.AddOrUpdate<PurgePredictionLogJob>(PurgePredictionLogJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Daily());
        return app;
    }

    /// <summary>The dashboard checks the role itself too, so it stays closed even if mapped without endpoint authorization.</summary>
    private sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(PortalRoles.Admin);
    }
}
