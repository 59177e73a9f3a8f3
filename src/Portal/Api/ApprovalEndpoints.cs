using System.Security.Claims;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

public sealed record PromotionBody(string? TargetStage, string? Justification);

public sealed record DecisionBody(string? Reason);

public static class ApprovalEndpoints
{
    public static void MapApprovalEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/models/{name}/versions/{version}/promotions", async (string name, string version, PromotionBody body, PromotionService promotions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var created = await promotions.RequestAsync(name, version, body.TargetStage, body.Justification, ActorFactory.From(user), ct);
            return Results.Created($"/api/v1/promotions/{created.Id}", created);
        }).RequireAuthorization(PortalSecurity.Engineers).WithTags("Approvals");

        api.MapGet("/models/{name}/approval-policy", (string name, PromotionService promotions, CancellationToken ct) =>
            promotions.ApprovalPolicyAsync(name, ct)).WithTags("Approvals");
        api.MapPut("/models/{name}/approval-policy", (string name, ApprovalPolicyInput body, PromotionService promotions, ClaimsPrincipal user, CancellationToken ct) =>
            promotions.SetApprovalPolicyAsync(name, body, ActorFactory.From(user), ct)).RequireAuthorization(PortalSecurity.Admins).WithTags("Approvals");

        var group = api.MapGroup("/promotions").WithTags("Approvals");
        group.MapGet("", (PromotionService promotions, string? status, string? model, int? page, int? pageSize, CancellationToken ct) =>
            promotions.ListAsync(status, model, new PageRequest(page ?? 1, pageSize ?? 25), ct));
        group.MapGet("/{id:guid}", (Guid id, PromotionService promotions, ClaimsPrincipal user, CancellationToken ct) => promotions.GetAsync(id, ActorFactory.From(user), ct));
        group.MapPost("/{id:guid}/approve", (Guid id, DecisionBody body, PromotionService promotions, ClaimsPrincipal user, CancellationToken ct) =>
            promotions.ApproveAsync(id, body.Reason, ActorFactory.From(user), ct)).RequireAuthorization(PortalSecurity.Approvers);
        group.MapPost("/{id:guid}/reject", (Guid id, DecisionBody body, PromotionService promotions, ClaimsPrincipal user, CancellationToken ct) =>
            promotions.RejectAsync(id, body.Reason, ActorFactory.From(user), ct)).RequireAuthorization(PortalSecurity.Approvers);
    }
}
