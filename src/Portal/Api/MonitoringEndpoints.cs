using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

/// <summary>
/// Live-traffic monitoring per model: settings (schedule, reference, trigger), the uploaded reference CSV, scan now,
/// scans and trigger history. Engineers change, upload and scan; everyone reads.
/// </summary>
public static class MonitoringEndpoints
{
    public static void MapMonitoringEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/models/{name}/monitoring").WithTags("Monitoring");
        group.MapGet("", GetAsync);
        group.MapPut("", SetAsync).RequireAuthorization(PortalSecurity.Engineers);
        group.MapPost("/scan", ScanAsync).RequireAuthorization(PortalSecurity.Engineers);
        group.MapGet("/scans", ScansAsync);
        group.MapGet("/triggers", TriggersAsync);
        group.MapGet("/reference", GetReferenceAsync);
        group.MapPut("/reference", UploadReferenceAsync)
            .RequireAuthorization(PortalSecurity.Engineers).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(UploadLimits.ReferenceBytes));
        group.MapDelete("/reference", RemoveReferenceAsync).RequireAuthorization(PortalSecurity.Engineers);
    }

    private static Task<MonitoringSettingsView> GetAsync(string name, DriftScanService scans, CancellationToken ct) => scans.SettingsAsync(name, ct);

    private static Task<MonitoringSettingsView> SetAsync(string name, MonitoringSettingsInput? body, DriftScanService scans, ClaimsPrincipal user, CancellationToken ct) =>
        scans.SetSettingsAsync(name, body, ActorFactory.From(user), ct);

    private static Task<ScanResult> ScanAsync(string name, DriftScanService scans, ClaimsPrincipal user, CancellationToken ct) =>
        scans.ScanAsync(name, ActorFactory.From(user), ct);

    private static Task<Paged<DriftReportSummary>> ScansAsync(string name, DriftScanService scans, int? page, int? pageSize, CancellationToken ct) =>
        scans.ScansAsync(name, new PageRequest(page ?? 1, pageSize ?? 25), ct);

    private static Task<IReadOnlyList<TriggerHistoryItem>> TriggersAsync(string name, DriftScanService scans, int? take, CancellationToken ct) =>
        scans.TriggerHistoryAsync(name, take ?? 50, ct);

    private static async Task<Results<Ok<MonitoringReferenceView>, NotFound>> GetReferenceAsync(string name, MonitoringReferences references, CancellationToken ct) =>
        await references.GetAsync(name, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    /// <summary>
    /// Streams the multipart form: the 'file' part goes through the service (to a temp file while hashed, then parsed
    /// with the drift CSV rules); nothing is stored unless the whole CSV passes.
    /// </summary>
    private static async Task<Ok<MonitoringReferenceView>> UploadReferenceAsync(string name, HttpRequest request, MonitoringReferences references, ClaimsPrincipal user, CancellationToken ct)
    {
        const string usage = "Upload a multipart form with the reference CSV in the 'file' field.";
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw DomainException.Invalid(usage);
        }

        var actor = ActorFactory.From(user);
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = UploadLimits.ReferenceBytes };
        while (await NextSectionAsync(reader, ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || HeaderUtilities.RemoveQuotes(disposition.Name).Value != "file")
            {
                continue;
            }

            if (!disposition.IsFileDisposition())
            {
                throw DomainException.Invalid("file: the 'file' part must be a file with a file name.");
            }

            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
            try
            {
                return TypedResults.Ok(await references.UploadAsync(name, section.Body, fileName, actor, ct));
            }
            catch (IOException ex) when (!ct.IsCancellationRequested)
            {
                throw DomainException.Invalid($"file: the upload is truncated or malformed: {ex.Message}");
            }
        }

        throw DomainException.Invalid("file: the form has no 'file' part. " + usage);
    }

    private static async Task<NoContent> RemoveReferenceAsync(string name, MonitoringReferences references, ClaimsPrincipal user, CancellationToken ct)
    {
        await references.RemoveAsync(name, ActorFactory.From(user), ct);
        return TypedResults.NoContent();
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
}
