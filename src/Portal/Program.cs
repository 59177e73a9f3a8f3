using ModelLifecycle.Portal;
using ModelLifecycle.Portal.Api;
using ModelLifecycle.Portal.Audit;
using ModelLifecycle.Portal.Components;
using ModelLifecycle.Portal.Engine;
using ModelLifecycle.Portal.Jobs;
using ModelLifecycle.Portal.Security;
using ModelLifecycle.Portal.Seeding;
using ModelLifecycle.Portal.Serving;
using ModelLifecycle.Portal.Storage;

if (AuditExportVerifier.Handles(args))
{
    return await AuditExportVerifier.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(PortalHosting.Options(args));

builder.AddPortalStorage();
builder.AddLifecycleEngine();
builder.AddPredictionLog();
builder.AddPortalMetrics();
builder.AddPortalSecurity();
builder.AddPortalJobs();
builder.AddPortalServing();
builder.AddPortalWeb();

var app = builder.Build();

await app.InitializePortalAsync();
app.UsePortalPipeline();
app.MapApi();
app.MapPortalMetrics();
app.MapPortalJobs();
app.MapPortalPages();

app.Run();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
