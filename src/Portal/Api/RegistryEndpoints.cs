using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Storage.Artifacts;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

public sealed record StageChange(string? Stage, string? Reason);

public static class RegistryEndpoints
{
    public static void MapRegistryEndpoints(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/models").WithTags("Registry");

        models.MapGet("", (ModelRegistry registry, string? search, string? task, string? stage, string? tag, string? sort, int? page, int? pageSize, CancellationToken ct) =>
            registry.FindModelsAsync(new ModelFilter(search, task, stage, tag, sort), new PageRequest(page ?? 1, pageSize ?? 25), ct))
            .WithSummary("List models (filter by search text, task, stage, tag; sort by name, created or versions, '-' for descending)");

        // Not under /models: a model may be named "tags".
        api.MapGet("/model-tags", (ModelRegistry registry, CancellationToken ct) => registry.TagsAsync(ct))
            .WithTags("Registry").WithSummary("Every tag in use");

        models.MapPost("", async (CreateModel body, ModelRegistry registry, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var created = await registry.CreateModelAsync(body, ActorFactory.From(user), ct);
            return Results.Created($"/api/v1/models/{created.Name}", created);
        }).RequireAuthorization(PortalSecurity.Engineers);

        models.MapGet("/{name}", (string name, ModelRegistry registry, CancellationToken ct) => registry.GetModelAsync(name, ct));

        models.MapPut("/{name}", (string name, UpdateModel body, ModelRegistry registry, ClaimsPrincipal user, CancellationToken ct) =>
            registry.UpdateModelAsync(name, body, ActorFactory.From(user), ct))
            .RequireAuthorization(PortalSecurity.Engineers)
            .WithSummary("Replace a model's description, tags and metric gate (audited)");

        models.MapGet("/{name}/versions", (string name, ModelRegistry registry, int? page, int? pageSize, CancellationToken ct) =>
            registry.ListVersionsAsync(name, new PageRequest(page ?? 1, pageSize ?? 25), ct));

        models.MapPost("/{name}/versions", UploadVersionAsync)
            .RequireAuthorization(PortalSecurity.Engineers).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(UploadLimits.ArtifactBytes));

        models.MapGet("/{name}/versions/{version}", (string name, string version, ModelRegistry registry, CancellationToken ct) =>
            registry.GetVersionAsync(name, version, ct));

        models.MapGet("/{name}/versions/{version}/artifact", async (string name, string version, ModelRegistry registry, ClaimsPrincipal user, HttpResponse response, CancellationToken ct) =>
        {
            var (content, view) = await registry.OpenArtifactAsync(name, version, ActorFactory.From(user), ct);

            // Streamed from the file (the stream re-checks the hash as it goes); announce the length so a client
            // can tell an aborted download from a complete one.
            response.ContentLength = view.SizeBytes;
            return Results.File(content, "application/octet-stream", view.ArtifactFileName);
        });

        models.MapPost("/{name}/versions/{version}/stage", (string name, string version, StageChange body, ModelRegistry registry, ClaimsPrincipal user, CancellationToken ct) =>
            registry.ChangeStageAsync(name, version, body.Stage, body.Reason, ActorFactory.From(user), ct))
            .RequireAuthorization(PortalSecurity.Engineers);

        models.MapGet("/{name}/stage-history", (string name, ModelRegistry registry, int? page, int? pageSize, CancellationToken ct) =>
            registry.StageHistoryAsync(name, new PageRequest(page ?? 1, pageSize ?? 50), ct));

        models.MapGet("/{name}/compare", (string name, [FromQuery] string[] versions, ModelRegistry registry, CancellationToken ct) =>
            registry.CompareAsync(name, versions, ct));
    }

    /// <summary>
    /// Streams the multipart upload section by section (nothing is buffered in memory or in ASP.NET's temp folder):
    /// when 'metadata' comes first it is validated before the artifact is read and the artifact streams straight into
    /// the store; when the artifact comes first it streams into the store and is registered once the metadata is read.
    /// </summary>
    private static async Task<IResult> UploadVersionAsync(string name, HttpRequest request, ModelRegistry registry, ClaimsPrincipal user, CancellationToken ct)
    {
        const string usage = "Upload a multipart form with an 'artifact' file and a 'metadata' JSON part.";
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw DomainException.Invalid(usage);
        }

        var actor = ActorFactory.From(user);
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = UploadLimits.ArtifactBytes };
        VersionMetadata? metadata = null;
        StoredArtifact? stored = null;
        string? fileName = null;
        VersionView? version = null;
        while (version is null && await NextSectionAsync(reader, ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (field == "metadata" && metadata is null)
            {
                metadata = VersionMetadata.Parse(await ReadTextAsync(section.Body, MetadataChars, ct));
            }
            else if (field == "artifact" && fileName is null)
            {
                fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value
                    ?? throw DomainException.Invalid("The 'artifact' part must be a file with a file name.");
                if (metadata is not null)
                {
                    version = await registry.RegisterVersionAsync(name, metadata, section.Body, fileName, actor, ct);
                }
                else
                {
                    stored = await registry.StoreArtifactAsync(section.Body, actor, ct);
                }
            }
        }

        if (version is null)
        {
            if (stored is null || fileName is null)
            {
                throw DomainException.Invalid("The form has no 'artifact' file. " + usage);
            }

            version = await registry.RegisterVersionAsync(name, metadata ?? new VersionMetadata(), stored, fileName, actor, ct);
        }

        return Results.Created($"/api/v1/models/{name}/versions/{version.Version}", version);
    }

    private static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadNextSectionAsync(ct);
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            throw DomainException.Invalid($"The multipart form is malformed or truncated: {ex.Message}");
        }
    }

    /// <summary>The 'metadata' part is small JSON; a larger one is refused rather than read into memory.</summary>
    private const int MetadataChars = 1 << 20;

    private static async Task<string> ReadTextAsync(Stream body, int limit, CancellationToken ct)
    {
        using var text = new StreamReader(body, System.Text.Encoding.UTF8);
        var buffer = new char[8192];
        var builder = new System.Text.StringBuilder();
        int read;
        while ((read = await text.ReadAsync(buffer, ct)) > 0)
        {
            if (builder.Length + read > limit)
            {
                throw DomainException.Invalid($"The 'metadata' part is longer than {limit} characters.");
            }

            builder.Append(buffer, 0, read);
        }

        return builder.ToString();
    }
}
