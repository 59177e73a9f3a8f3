using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

public sealed record RollbackBody(string? Reason);

public sealed record CandidateCapBody(decimal? CandidateCapPercent);

/// <summary>Deployments and traffic: each handler translates HTTP to one <see cref="DeploymentService"/> call.</summary>
public static class DeploymentEndpoints
{
    public static void MapDeploymentEndpoints(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/models/{name}").WithTags("Deployments");
        models.MapPost("/deployments", DeployAsync).RequireAuthorization(PortalSecurity.Engineers);
        models.MapGet("/deployments", HistoryAsync);
        models.MapGet("/deployment", GetAsync);
        models.MapPut("/traffic", SetTrafficAsync).RequireAuthorization(PortalSecurity.Engineers);
        models.MapPost("/deployment/advance", AdvanceAsync).RequireAuthorization(PortalSecurity.Engineers);
        models.MapPost("/rollback", RollbackAsync).RequireAuthorization(PortalSecurity.Engineers);
        models.MapPost("/deployment/alerts/{alertId:guid}/dismiss", DismissAsync).RequireAuthorization(PortalSecurity.Engineers);
        models.MapPut("/deployment/cap", SetCapAsync).RequireAuthorization(PortalSecurity.Admins);

        var all = api.MapGroup("/deployments").WithTags("Deployments");
        all.MapGet("", SummariesAsync);
        all.MapGet("/alerts", AlertsAsync);
    }

    private static async Task<Created<DeploymentView>> DeployAsync(string name, DeployInput body, DeploymentService deployments, ClaimsPrincipal user, CancellationToken ct)
    {
        var created = await deployments.DeployAsync(name, body, ActorFactory.From(user), ct);
        return TypedResults.Created($"/api/v1/models/{Uri.EscapeDataString(name)}/deployment", created);
    }

    private static async Task<Ok<Paged<DeploymentView>>> HistoryAsync(string name, DeploymentService deployments, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await deployments.HistoryAsync(name, new PageRequest(page ?? 1, pageSize ?? 25), ct));

    private static async Task<Ok<ServingView>> GetAsync(string name, DeploymentService deployments, CancellationToken ct) =>
        TypedResults.Ok(await deployments.GetAsync(name, ct));

    private static async Task<Ok<ServingView>> SetTrafficAsync(string name, TrafficInput body, [FromHeader(Name = "If-Match")] string? ifMatch, DeploymentService deployments, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await deployments.SetTrafficAsync(name, body, Stamp(ifMatch), ActorFactory.From(user), ct));

    private static async Task<Ok<ServingView>> AdvanceAsync(string name, [FromHeader(Name = "If-Match")] string? ifMatch, DeploymentService deployments, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await deployments.AdvanceAsync(name, Stamp(ifMatch), ActorFactory.From(user), ct));

    private static async Task<Ok<ServingView>> RollbackAsync(string name, RollbackBody? body, DeploymentService deployments, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await deployments.RollbackAsync(name, body?.Reason, ActorFactory.From(user), ct));

    private static async Task<Ok<ServingView>> DismissAsync(string name, Guid alertId, RollbackBody? body, DeploymentService deployments, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await deployments.DismissAlertAsync(name, alertId, body?.Reason, ActorFactory.From(user), ct));

    private static async Task<Ok<ServingView>> SetCapAsync(string name, CandidateCapBody body, DeploymentService deployments, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await deployments.SetCandidateCapAsync(name, body.CandidateCapPercent, ActorFactory.From(user), ct));

    private static async Task<Ok<IReadOnlyList<ServingSummary>>> SummariesAsync(DeploymentService deployments, CancellationToken ct) =>
        TypedResults.Ok(await deployments.SummariesAsync(ct));

    private static async Task<Ok<IReadOnlyList<DeploymentAlertView>>> AlertsAsync(DeploymentService deployments, CancellationToken ct) =>
        TypedResults.Ok(await deployments.OpenAlertsAsync(ct));

    /// <summary>The stamp from an <c>If-Match</c> header (quotes and a weak prefix allowed), or null without one.</summary>
    private static Guid? Stamp(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return null;
        }

        var text = ifMatch.Trim();
        text = text.StartsWith("W/", StringComparison.Ordinal) ? text[2..] : text;
        return Guid.TryParse(text.Trim('"'), out var stamp)
            ? stamp
            : throw DomainException.Invalid($"If-Match: '{ifMatch}' is not a concurrency stamp (the concurrencyStamp of GET .../deployment).");
    }
}
