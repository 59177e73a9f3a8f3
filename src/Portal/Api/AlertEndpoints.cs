using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Monitoring;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

/// <summary>Alerts and model webhooks: each handler translates HTTP to one <see cref="AlertService"/> call.</summary>
public static class AlertEndpoints
{
    public static void MapAlertEndpoints(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts").WithTags("Alerts");
        alerts.MapGet("", ListAsync);
        alerts.MapGet("/{id:guid}", GetAsync);
        alerts.MapPost("/{id:guid}/acknowledge", AcknowledgeAsync).RequireAuthorization(PortalSecurity.Engineers);

        var webhook = api.MapGroup("/models/{name}/webhook").WithTags("Alerts");
        webhook.MapGet("", GetWebhookAsync);
        webhook.MapPut("", SetWebhookAsync).RequireAuthorization(PortalSecurity.Engineers);
        webhook.MapDelete("", RemoveWebhookAsync).RequireAuthorization(PortalSecurity.Engineers);
        webhook.MapGet("/deliveries", DeliveriesAsync);
        webhook.MapPost("/test", TestWebhookAsync).RequireAuthorization(PortalSecurity.Engineers);
    }

    private static async Task<Ok<IReadOnlyList<WebhookDeliveryView>>> DeliveriesAsync(string name, AlertService alerts, int? take, CancellationToken ct) =>
        TypedResults.Ok(await alerts.DeliveriesAsync(name, take ?? 20, ct));

    private static async Task<Ok<WebhookTestResult>> TestWebhookAsync(string name, AlertWebhookSender sender, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await sender.SendTestAsync(name, ActorFactory.From(user), ct));

    private static async Task<Ok<Paged<AlertView>>> ListAsync(
        AlertService alerts, string? model, string? status, string? kind, string? severity, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await alerts.ListAsync(new AlertFilter(model, status, kind, severity), new PageRequest(page ?? 1, pageSize ?? 25), ct));

    private static async Task<Ok<AlertDetail>> GetAsync(Guid id, AlertService alerts, CancellationToken ct) =>
        TypedResults.Ok(await alerts.GetAsync(id, ct));

    private static async Task<Ok<AlertView>> AcknowledgeAsync(Guid id, AcknowledgeAlert? body, AlertService alerts, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await alerts.AcknowledgeAsync(id, body?.Note, ActorFactory.From(user), ct));

    private static async Task<Results<Ok<WebhookView>, NotFound>> GetWebhookAsync(string name, AlertService alerts, CancellationToken ct) =>
        await alerts.WebhookAsync(name, ct) is { } hook ? TypedResults.Ok(hook) : TypedResults.NotFound();

    private static async Task<Ok<WebhookView>> SetWebhookAsync(string name, WebhookInput? body, AlertService alerts, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await alerts.SetWebhookAsync(name, body, ActorFactory.From(user), ct));

    private static async Task<NoContent> RemoveWebhookAsync(string name, AlertService alerts, ClaimsPrincipal user, CancellationToken ct)
    {
        await alerts.RemoveWebhookAsync(name, ActorFactory.From(user), ct);
        return TypedResults.NoContent();
    }
}
