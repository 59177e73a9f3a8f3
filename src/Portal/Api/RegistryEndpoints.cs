using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

public sealed record StageChange(string? Stage, string? Reason);

public static class RegistryEndpoints
{
    public static void MapRegistryEndpoints(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/models").WithTags("Registry");

        models.MapGet("", (ModelRegistry registry, string? search, int? page, int? pageSize, CancellationToken ct) =>
            registry.ListModelsAsync(search, new PageRequest(page ?? 1, pageSize ?? 25), ct));

        models.MapPost("", async (CreateModel body, ModelRegistry registry, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var created = await registry.CreateModelAsync(body, ActorFactory.From(user), ct);
            return Results.Created($"/api/v1/models/{created.Name}", created);
        }).RequireAuthorization(PortalSecurity.Engineers);

        models.MapGet("/{name}", (string name, ModelRegistry registry, CancellationToken ct) => registry.GetModelAsync(name, ct));

        models.MapGet("/{name}/versions", (string name, ModelRegistry registry, int? page, int? pageSize, CancellationToken ct) =>
            registry.ListVersionsAsync(name, new PageRequest(page ?? 1, pageSize ?? 25), ct));

        models.MapPost("/{name}/versions", async (string name, HttpRequest request, ModelRegistry registry, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (!request.HasFormContentType)
            {
                throw DomainException.Invalid("Upload a multipart form with an 'artifact' file and a 'metadata' JSON part.");
            }

            var form = await request.ReadFormAsync(ct);
            var file = form.Files["artifact"] ?? throw DomainException.Invalid("The form has no 'artifact' file.");
            if (file.Length == 0)
            {
                throw DomainException.Invalid("The artifact is empty.");
            }

            VersionMetadata metadata;
            try
            {
                metadata = form["metadata"] is { Count: > 0 } m && !string.IsNullOrWhiteSpace(m.ToString())
                    ? Json.Deserialize<VersionMetadata>(m.ToString())
                    : new VersionMetadata();
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw DomainException.Invalid($"The 'metadata' part is not valid JSON: {ex.Message}");
            }

            await using var stream = file.OpenReadStream();
            var version = await registry.RegisterVersionAsync(name, metadata, stream, file.FileName, ActorFactory.From(user), ct);
            return Results.Created($"/api/v1/models/{name}/versions/{version.Version}", version);
        }).RequireAuthorization(PortalSecurity.Engineers).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(UploadLimits.ArtifactBytes));

        models.MapGet("/{name}/versions/{version}", (string name, string version, ModelRegistry registry, CancellationToken ct) =>
            registry.GetVersionAsync(name, version, ct));

        models.MapGet("/{name}/versions/{version}/artifact", async (string name, string version, ModelRegistry registry, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (content, view) = await registry.OpenArtifactAsync(name, version, ActorFactory.From(user), ct);
            return Results.File(content, "application/octet-stream", view.ArtifactFileName);
        });

        models.MapPost("/{name}/versions/{version}/stage", (string name, string version, StageChange body, ModelRegistry registry, ClaimsPrincipal user, CancellationToken ct) =>
            registry.ChangeStageAsync(name, version, body.Stage, body.Reason, ActorFactory.From(user), ct))
            .RequireAuthorization(PortalSecurity.Engineers);

        models.MapGet("/{name}/stage-history", (string name, ModelRegistry registry, CancellationToken ct) => registry.StageHistoryAsync(name, ct));

        models.MapGet("/{name}/compare", (string name, [FromQuery] string[] versions, ModelRegistry registry, CancellationToken ct) =>
            registry.CompareAsync(name, versions, ct));
    }
}
