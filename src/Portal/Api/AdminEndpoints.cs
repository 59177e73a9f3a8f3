using System.Security.Claims;
using ModelLifecycle.Domain.Security;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

public sealed record CreateUserBody(string? Email, string? Password, List<string>? Roles);

public sealed record RolesBody(List<string>? Roles);

public sealed record CreateApiKeyBody(string? Name, string? Role);

public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").RequireAuthorization(PortalSecurity.Admins).WithTags("Admin");
        admin.MapGet("/users", (UserAdministration users, CancellationToken ct) => users.ListAsync(ct));
        admin.MapPost("/users", async (CreateUserBody body, UserAdministration users, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var created = await users.CreateAsync(body.Email, body.Password, body.Roles, ActorFactory.From(user), ct);
            return Results.Created($"/api/v1/admin/users/{created.Id}", created);
        });
        admin.MapPut("/users/{id}/roles", (string id, RolesBody body, UserAdministration users, ClaimsPrincipal user, CancellationToken ct) =>
            users.SetRolesAsync(id, body.Roles, ActorFactory.From(user), ct));
        admin.MapGet("/api-keys", (ApiKeyService keys, CancellationToken ct) => keys.ListAsync(ct));
        admin.MapPost("/api-keys", async (CreateApiKeyBody body, ApiKeyService keys, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var created = await keys.CreateAsync(body.Name, body.Role, ActorFactory.From(user), ct);
            return Results.Created($"/api/v1/admin/api-keys/{created.Key.Id}", new { key = created.Key, apiKey = created.Secret });
        });
        admin.MapDelete("/api-keys/{id:guid}", (Guid id, ApiKeyService keys, ClaimsPrincipal user, CancellationToken ct) =>
            keys.RevokeAsync(id, ActorFactory.From(user), ct));
    }
}
