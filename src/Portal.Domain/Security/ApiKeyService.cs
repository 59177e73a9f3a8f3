using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Security;

public sealed record ApiKeyView(Guid Id, string Name, string Prefix, string Role, string CreatedBy, DateTime CreatedAt, DateTime? RevokedAt, DateTime? LastUsedAt);

/// <summary>The only time the secret exists in clear: the answer to its creation.</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

/// <summary>A validated key: who it is and which role it carries.</summary>
public sealed record ApiKeyIdentity(Guid Id, string Name, string Role);

/// <summary>Creates, lists, revokes and validates API keys (admin only, audited); secrets are stored as SHA-256.</summary>
public sealed class ApiKeyService(IDbContextFactory<PortalDbContext> contexts, AuditTrail audit, TimeProvider clock)
{
    public async Task<CreatedApiKey> CreateAsync(string? name, string? role, Actor actor, CancellationToken ct)
    {
        RequireAdmin(actor);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw DomainException.Invalid("An API key needs a name of at most 100 characters.");
        }

        if (role is null || !PortalRoles.IsKnown(role))
        {
            throw DomainException.Invalid($"Unknown role '{role}'. Roles: {string.Join(", ", PortalRoles.All)}.");
        }

        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var text = $"mlk_{prefix}_{secret}";
        var key = new ApiKey
        {
            Name = name.Trim(),
            Prefix = prefix,
            SecretHash = Hash(text),
            Role = role,
            CreatedBy = actor.Name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        var view = View(key);
        audit.Record(db, actor, "apikey.created", "apikey", key.Id.ToString(), null, view);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(view, text);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        return keys.Select(View).ToList();
    }

    public async Task<ApiKeyView> RevokeAsync(Guid id, Actor actor, CancellationToken ct)
    {
        RequireAdmin(actor);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct) ?? throw DomainException.NotFound($"No API key {id}.");
        if (!key.IsActive)
        {
            throw DomainException.Conflict("This key is already revoked.");
        }

        var before = View(key);
        key.RevokedAt = clock.GetUtcNow().UtcDateTime;
        key.RevokedBy = actor.Name;
        audit.Record(db, actor, "apikey.revoked", "apikey", key.Id.ToString(), before, View(key));
        await db.SaveChangesAsync(ct);
        return View(key);
    }

    /// <summary>The identity behind a presented key, or null when it is unknown, wrong or revoked.</summary>
    public async Task<ApiKeyIdentity?> ValidateAsync(string? presented, CancellationToken ct)
    {
        var parts = presented?.Split('_');
        if (parts is not { Length: >= 3 } || parts[0] != "mlk")
        {
            return null;
        }

        var prefix = parts[1];
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Prefix == prefix, ct);
        if (key is null || !key.IsActive
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.SecretHash), Encoding.ASCII.GetBytes(Hash(presented!))))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }

        return new ApiKeyIdentity(key.Id, key.Name, key.Role);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static ApiKeyView View(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.Role, k.CreatedBy, k.CreatedAt, k.RevokedAt, k.LastUsedAt);

    internal static void RequireAdmin(Actor actor)
    {
        if (!actor.Roles.Contains(PortalRoles.Admin))
        {
            throw DomainException.Forbidden("Only Admins may administer users and API keys.");
        }
    }
}
