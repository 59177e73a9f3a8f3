using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using ModelLifecycle.Portal.Security;
using Scalar.AspNetCore;

namespace ModelLifecycle.Portal.Api;

/// <summary>
/// The OpenAPI document and its reference page. The document declares both credentials the API accepts (bearer token,
/// <c>X-Api-Key</c>) so the reference page can send authenticated calls; the page loads nothing from the internet.
/// </summary>
public static class ApiReference
{
    public const string BearerScheme = "Bearer";
    public const string ApiKeyScheme = "ApiKey";

    // Markdown: code spans keep the placeholders visible (a bare <accessToken> is swallowed as an HTML tag).
    private const string Description =
        "Registry, approvals, drift and audit. Sign in with `POST /api/v1/auth/login` and send " +
        "`Authorization: Bearer {accessToken}`, or send an API key as `X-Api-Key: {key}`. " +
        "Errors are RFC 7807 problem details.";

    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "ModelLifecycle API";
                document.Info.Description = Description;
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The accessToken answered by POST /api/v1/auth/login.",
                };
                document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyAuthenticationHandler.HeaderName,
                    Description = "An API key created by an Admin (Admin → API keys).",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
                {
                    return Task.CompletedTask;
                }

                // Either credential satisfies the endpoint: two alternative requirements.
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
                ];
                return Task.CompletedTask;
            });
        });

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/api/reference", o => o
            .WithTitle("ModelLifecycle API")
            .WithOpenApiRoutePattern("/openapi/v1.json")
            .AddPreferredSecuritySchemes(BearerScheme)
            // Nothing on the page may need the internet: no hosted fonts, telemetry, agent, MCP or hosted client.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .HideDeveloperTools()
            .WithCustomCss("a[href*=\"scalar.com\"], a[href*=\"scalar.cal.com\"] { display: none !important; }"));
        return app;
    }
}
