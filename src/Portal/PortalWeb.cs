using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using ModelLifecycle.Portal.Api;
using ModelLifecycle.Portal.Components;
using ModelLifecycle.Portal.Jobs;
using ModelLifecycle.Portal.Security;
using ModelLifecycle.Portal.Seeding;
using ModelLifecycle.Portal.Storage;
using MudBlazor.Services;

namespace ModelLifecycle.Portal;

/// <summary>The web side: Blazor, MudBlazor, problem details, OpenAPI, health, and the middleware order.</summary>
public static class PortalWeb
{
    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddProblemDetails();
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = UploadLimits.ArtifactBytes);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        // Malformed JSON bodies and missing parameters reach ProblemMapping as BadHttpRequestException (a 400 problem
        // naming what failed) in every environment, not as an empty 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddPortalDataProtection(builder.Configuration);
        builder.Services.AddExceptionHandler<ProblemMapping>();
        builder.Services.AddPortalOpenApi();
        builder.Services.AddSingleton<PortalSeeder>();
        builder.Services.AddScoped<DemoData>();
        builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return builder;
    }

    /// <summary>Migrates the database and seeds it before the portal answers its first request.</summary>
    public static async Task InitializePortalAsync(this WebApplication app)
    {
        await app.Services.MigratePortalDatabaseAsync(CancellationToken.None);
        await app.Services.GetRequiredService<ModelLifecycle.Domain.Audit.AuditTrail>().SignLegacyHeadAsync(CancellationToken.None);
        await app.Services.GetRequiredService<PortalSeeder>().SeedAsync(CancellationToken.None);
        await app.Services.GetRequiredService<Domain.Deployments.DeploymentService>().AdoptProductionVersionsAsync(CancellationToken.None);
        await app.Services.GetRequiredService<Domain.Storage.Artifacts.ArtifactSweeper>().SweepAsync(CancellationToken.None);
        await app.RecoverTrainingAsync();
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        // The API and the Hangfire dashboard answer bare statuses as problem details; a person who follows a dead link
        // in the portal gets the portal's own page instead of raw JSON.
        app.UseWhen(c => IsMachinePath(c.Request.Path), b => b.UseStatusCodePages());
        app.UseWhen(c => !IsMachinePath(c.Request.Path), b => b.UseStatusCodePagesWithReExecute("/status/{0}"));

        // Routing after the status-code pages, so a re-executed request is routed to the status page.
        app.UseRouting();
        // TLS belongs to the reverse proxy; redirect to HTTPS only when configured.
        if (app.Configuration.GetValue("Portal:HttpsRedirection", false))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    private static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/hangfire") || path.StartsWithSegments("/openapi")
        || path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_blazor");

    public static WebApplication MapPortalPages(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapApiReference();
        app.MapHealthChecks("/health").ExcludeFromDescription();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().ExcludeFromDescription();
        return app;
    }
}
