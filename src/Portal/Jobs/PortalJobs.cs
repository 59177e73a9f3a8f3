using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Jobs.Maintenance;
using ModelLifecycle.Jobs.Monitoring;
using ModelLifecycle.Jobs.Training;
using ModelLifecycle.Portal.Security;
using ModelLifecycle.Portal.Storage;

namespace ModelLifecycle.Portal.Jobs;

/// <summary>Hangfire: in-memory storage with SQLite, SQL Server storage beside a SQL Server database; dashboard for Admins.</summary>
public static class PortalJobs
{
    public static WebApplicationBuilder AddPortalJobs(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        // One storage and one job activator per host, registered before AddHangfire (which would otherwise hand out the
        // process-wide JobStorage.Current and JobActivator.Current, i.e. the last host configured): the server, the job
        // client and the dashboard of a host share its storage, and its jobs are built from its own services, also when
        // several hosts run in one process (the integration tests); otherwise a job ran against another host's database.
        builder.Services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddSingleton<JobStorage>(_ => PortalStorage.Provider(config) == PortalStorage.SqlServerProvider
            ? new Hangfire.SqlServer.SqlServerStorage(config.GetConnectionString("Portal"))
            : new InMemoryStorage(new InMemoryStorageOptions()));
        builder.Services.AddHangfire((services, h) =>
            h.UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings().UseStorage(services.GetRequiredService<JobStorage>())
                .UseLogProvider(new HostLogProvider(services.GetRequiredService<ILoggerFactory>())));
        builder.Services.AddHangfireServer(o => o.WorkerCount = Math.Max(2, Environment.ProcessorCount));
        builder.Services.AddTransient<ExpirePromotionRequestsJob>();
        builder.Services.AddTransient<SweepArtifactsJob>();
        builder.Services.AddTransient<PurgePredictionLogJob>();
        builder.Services.AddTransient<RetrainingJob>();
        builder.Services.AddSingleton<ITrainingQueue, HangfireTrainingQueue>();
        builder.Services.AddTransient<DriftScanJob>();
        builder.Services.AddSingleton<Domain.Monitoring.IDriftScanScheduler, HangfireDriftScanScheduler>();
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

    /// <summary>
    /// At start, before requests: runs a crash interrupted are re-queued or failed (<c>Portal:Training:OnInterrupted</c>),
    /// and the stored retraining schedules are registered again (in-memory job storage starts empty).
    /// </summary>
    public static async Task RecoverTrainingAsync(this WebApplication app)
    {
        var training = app.Services.GetRequiredService<TrainingService>();
        var recovered = await training.RecoverInterruptedAsync(CancellationToken.None);
        var schedules = await training.RegisterSchedulesAsync(CancellationToken.None);
        app.Logger.LogInformation("Training: {Recovered} interrupted run(s) recovered, {Schedules} schedule(s) registered.", recovered, schedules);
        var scans = await app.Services.GetRequiredService<Domain.Monitoring.DriftScanService>().RegisterSchedulesAsync(CancellationToken.None);
        app.Logger.LogInformation("Monitoring: {Scans} drift scan schedule(s) registered.", scans);
    }

    /// <summary>The dashboard checks the role itself too, so it stays closed even if mapped without endpoint authorization.</summary>
    private sealed class AdminOnlyDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(PortalRoles.Admin);
    }
}
