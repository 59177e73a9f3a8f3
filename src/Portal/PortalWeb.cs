using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using ModelLifecycle.Portal.Api;
using ModelLifecycle.Portal.Components;
using ModelLifecycle.Portal.Security;
using ModelLifecycle.Portal.Seeding;
using ModelLifecycle.Portal.Storage;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace ModelLifecycle.Portal;

/// <summary>The web side: Blazor, MudBlazor, problem details, OpenAPI, health, and the middleware order.</summary>
public static class PortalWeb
{
    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddProblemDetails();
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = UploadLimits.ArtifactBytes);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddPortalDataProtection(builder.Configuration);
        builder.Services.AddExceptionHandler<ProblemMapping>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ModelLifecycle API";
            document.Info.Description = "Registry, approvals, drift and audit. Sign in with POST /api/v1/auth/login and send 'Authorization: Bearer <accessToken>', or send an API key as 'X-Api-Key'. Errors are RFC 7807 problem details.";
            return Task.CompletedTask;
        }));
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
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
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

    public static WebApplication MapPortalPages(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapOpenApi();
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("ModelLifecycle API").WithOpenApiRoutePattern("/openapi/v1.json"));
        app.MapHealthChecks("/health").ExcludeFromDescription();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().ExcludeFromDescription();
        return app;
    }
}
