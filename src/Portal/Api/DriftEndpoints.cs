using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
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

        model.MapPost("", async (string name, HttpRequest request, DriftService drift, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (!request.HasFormContentType)
            {
                throw DomainException.Invalid("Upload a multipart form with 'reference' and 'current' CSV files (and optionally 'version').");
            }

            var form = await request.ReadFormAsync(ct);
            var reference = form.Files["reference"] ?? throw DomainException.Invalid("The form has no 'reference' CSV file.");
            var current = form.Files["current"] ?? throw DomainException.Invalid("The form has no 'current' CSV file.");
            await using var referenceStream = reference.OpenReadStream();
            await using var currentStream = current.OpenReadStream();
            var detail = await drift.AnalyzeAndStoreAsync(name, form["version"].ToString(), referenceStream, reference.FileName, currentStream, current.FileName, ActorFactory.From(user), ct);
            return Results.Created($"/api/v1/drift/reports/{detail.Report.Id}", detail.Report);
        }).RequireAuthorization(PortalSecurity.Engineers).DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(UploadLimits.DriftWindowBytes));

        model.MapGet("/thresholds", (string name, DriftService drift, CancellationToken ct) => drift.ThresholdsAsync(name, ct));
        model.MapPut("/thresholds", (string name, DriftThresholds body, DriftService drift, ClaimsPrincipal user, CancellationToken ct) =>
            drift.SetThresholdsAsync(name, body, ActorFactory.From(user), ct)).RequireAuthorization(PortalSecurity.Engineers);
    }
}
