using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Training;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

public static class DatasetEndpoints
{
    public static void MapDatasetEndpoints(this RouteGroupBuilder api)
    {
        var datasets = api.MapGroup("/models/{name}/datasets").WithTags("Datasets");

        datasets.MapGet("", (string name, DatasetService service, int? page, int? pageSize, CancellationToken ct) =>
            service.ListAsync(name, new PageRequest(page ?? 1, pageSize ?? 25), ct));

        datasets.MapPost("", UploadAsync)
            .RequireAuthorization(PortalSecurity.Engineers).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(UploadLimits.DatasetBytes));

        datasets.MapGet("/{version:int}", (string name, int version, DatasetService service, CancellationToken ct) => service.GetAsync(name, version, ct));

        datasets.MapGet("/{version:int}/file", DownloadAsync);
    }

    /// <summary>
    /// Streams the multipart form section by section: the 'file' part goes straight to a temp file (hashed on the
    /// way, never held in memory nor buffered by ASP.NET), 'notes' may come before or after it, and the dataset is
    /// checked and stored once the form is read.
    /// </summary>
    private static async Task<Created<DatasetView>> UploadAsync(string name, HttpRequest request, DatasetService service, ClaimsPrincipal user, CancellationToken ct)
    {
        const string usage = "Upload a multipart form with the CSV in the 'file' field (and optionally 'notes').";
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw DomainException.Invalid(usage);
        }

        var actor = ActorFactory.From(user);
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = UploadLimits.DatasetBytes };
        StagedDataset? staged = null;
        try
        {
            string? fileName = null;
            string? notes = null;
            while (await NextSectionAsync(reader, ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (field == "notes" && notes is null)
                {
                    notes = await ReadTextAsync(section.Body, FieldLimits.Notes, ct);
                }
                else if (field == "file" && staged is null)
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    if (string.IsNullOrWhiteSpace(fileName))
                    {
                        throw DomainException.Invalid("file: the 'file' part must be a file with a file name.");
                    }

                    try
                    {
                        staged = await service.StageAsync(name, section.Body, actor, ct);
                    }
                    catch (IOException ex) when (!ct.IsCancellationRequested)
                    {
                        throw DomainException.Invalid($"file: the upload is truncated or malformed: {ex.Message}");
                    }
                }
            }

            if (staged is null || fileName is null)
            {
                throw DomainException.Invalid("file: the form has no 'file' part. " + usage);
            }

            var dataset = await service.AddAsync(staged, fileName, notes, actor, ct);
            return TypedResults.Created($"/api/v1/models/{name}/datasets/{dataset.Version}", dataset);
        }
        finally
        {
            if (staged is not null)
            {
                await staged.DisposeAsync();
            }
        }
    }

    private static async Task<FileStreamHttpResult> DownloadAsync(string name, int version, DatasetService service, HttpResponse response, CancellationToken ct)
    {
        var (content, dataset) = await service.OpenAsync(name, version, ct);

        // Streamed from the store (the stream re-checks the hash as it goes); the length lets a client tell an aborted
        // download from a complete one.
        response.ContentLength = dataset.SizeBytes;
        return TypedResults.File(content, "text/csv", dataset.FileName);
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

    private static async Task<string> ReadTextAsync(Stream body, int limit, CancellationToken ct)
    {
        using var text = new StreamReader(body, System.Text.Encoding.UTF8);
        var buffer = new char[4096];
        var builder = new System.Text.StringBuilder();
        int read;
        while ((read = await text.ReadAsync(buffer, ct)) > 0)
        {
            if (builder.Length + read > limit)
            {
                throw DomainException.Invalid($"notes: longer than {limit} characters.");
            }

            builder.Append(buffer, 0, read);
        }

        return builder.ToString();
    }
}
