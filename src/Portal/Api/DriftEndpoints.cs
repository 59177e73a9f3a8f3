using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Drift.Analysis;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

public static class DriftEndpoints
{
    public static void MapDriftEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/drift/compute", (DriftComputeRequest body, ClaimsPrincipal user) => DriftService.Compute(body, ActorFactory.From(user)))
            .RequireAuthorization(PortalSecurity.Engineers).WithTags("Drift");

        api.MapGet("/drift/reports/{id:guid}", async (Guid id, DriftService drift, CancellationToken ct) => (await drift.GetAsync(id, ct)).Report)
            .WithTags("Drift");
        api.MapGet("/drift/reports/{id:guid}/distributions", async (Guid id, DriftService drift, CancellationToken ct) => (await drift.GetAsync(id, ct)).Distributions)
            .WithTags("Drift");

        var model = api.MapGroup("/models/{name}/drift").WithTags("Drift");
        model.MapGet("", (string name, DriftService drift, int? page, int? pageSize, CancellationToken ct) =>
            drift.ListAsync(name, new PageRequest(page ?? 1, pageSize ?? 25), ct));

        model.MapPost("", UploadAsync)
            .RequireAuthorization(PortalSecurity.Engineers).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(UploadLimits.DriftWindowBytes));

        model.MapGet("/thresholds", (string name, DriftService drift, CancellationToken ct) => drift.ThresholdsAsync(name, ct));
        model.MapPut("/thresholds", (string name, DriftThresholds body, DriftService drift, ClaimsPrincipal user, CancellationToken ct) =>
            drift.SetThresholdsAsync(name, body, ActorFactory.From(user), ct)).RequireAuthorization(PortalSecurity.Engineers);
    }

    /// <summary>
    /// Streams the multipart form section by section: each CSV part ('reference', 'current', in either order) is parsed
    /// as it arrives, straight from the request body into the window's columns (never buffered by ASP.NET, never held
    /// as a file); 'version' may come anywhere. The report is analysed and stored once the form is read.
    /// </summary>
    private static async Task<Created<DriftReportView>> UploadAsync(string name, HttpRequest request, DriftService drift, ClaimsPrincipal user, CancellationToken ct)
    {
        const string usage = "Upload a multipart form with 'reference' and 'current' CSV files (and optionally 'version').";
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw DomainException.Invalid(usage);
        }

        var actor = ActorFactory.From(user);
        using var upload = await drift.OpenUploadAsync(name, actor, ct);
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = UploadLimits.DriftWindowBytes };
        string? version = null;
        while (await NextSectionAsync(reader, ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (field == "version" && version is null)
            {
                version = await ReadTextAsync(section.Body, ct);
            }
            else if (field is DriftUpload.ReferenceWindow or DriftUpload.CurrentWindow && disposition.IsFileDisposition())
            {
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                try
                {
                    await upload.ReadWindowAsync(field, fileName, section.Body, ct);
                }
                catch (IOException ex) when (!ct.IsCancellationRequested)
                {
                    throw DomainException.Invalid($"{field}: the upload is truncated or malformed: {ex.Message}");
                }
            }
        }

        var detail = await drift.StoreAsync(upload, version, actor, ct);
        return TypedResults.Created($"/api/v1/drift/reports/{detail.Report.Id}", detail.Report);
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

    /// <summary>A short text field; more than the version's length limit is cut here and refused by the service.</summary>
    private static async Task<string> ReadTextAsync(Stream body, CancellationToken ct)
    {
        using var text = new StreamReader(body, System.Text.Encoding.UTF8);
        var buffer = new char[FieldLimits.Version + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await text.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        return new string(buffer, 0, length);
    }
}
