using System.Security.Claims;
using ModelLifecycle.Domain.Security;
using ModelLifecycle.Portal.Security;

namespace ModelLifecycle.Portal.Api;

public sealed record CreateUserBody(string? Email, string? Password, List<string>? Roles);

public sealed record RolesBody(List<string>? Roles);

public sealed record CreateApiKeyBody(string? Name, string? Role);

public sealed record ResetPasswordBody(string? Password);

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
        admin.MapPost("/users/{id}/disable", (string id, UserAdministration users, ClaimsPrincipal user, CancellationToken ct) =>
            users.DisableAsync(id, ActorFactory.From(user), ct));
        admin.MapPost("/users/{id}/enable", (string id, UserAdministration users, ClaimsPrincipal user, CancellationToken ct) =>
            users.EnableAsync(id, ActorFactory.From(user), ct));
        admin.MapPost("/users/{id}/unlock", (string id, UserAdministration users, ClaimsPrincipal user, CancellationToken ct) =>
            users.UnlockAsync(id, ActorFactory.From(user), ct));
        admin.MapPost("/users/{id}/reset-password", (string id, ResetPasswordBody body, UserAdministration users, ClaimsPrincipal user, CancellationToken ct) =>
            users.ResetPasswordAsync(id, body.Password, ActorFactory.From(user), ct));
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
