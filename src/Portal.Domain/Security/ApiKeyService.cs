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

/// <summary>A validated key: which key, the role it carries, and the person it acts for.</summary>
public sealed record ApiKeyIdentity(Guid Id, string Name, string Role, string OwnerId, string OwnerName);

/// <summary>
/// Creates, lists, revokes and validates API keys (admin only, audited); secrets are stored as SHA-256. A key belongs
/// to the user who created it and acts as that user: its role never exceeds the owner's, and it stops working as soon
/// as the owner is disabled, locked out, removed or no longer holds the key's role.
/// </summary>
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

        if (!PortalRoles.Covers(actor.Roles, role))
        {
            throw DomainException.Forbidden($"A key acts as its owner and cannot carry the role {role}, which you do not hold.");
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
            OwnerId = actor.Id,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.ApiKeys.AnyAsync(k => k.Name == key.Name, ct))
        {
            throw DomainException.Conflict($"An API key named '{key.Name}' already exists; key names identify keys in the audit trail.");
        }

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

    /// <summary>
    /// The identity behind a presented key, or null when it is unknown, wrong or revoked, or when its owner is gone,
    /// disabled, locked out or no longer holds the key's role (checked on every request).
    /// </summary>
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

        var owner = key.OwnerId is null ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == key.OwnerId, ct);
        if (owner is null || !owner.CanActAt(clock.GetUtcNow()))
        {
            return null;
        }

        var ownerRoles = await db.UserRoles.Where(l => l.UserId == owner.Id)
            .Join(db.Roles, l => l.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(ct);
        if (!PortalRoles.Covers(ownerRoles, key.Role))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }

        return new ApiKeyIdentity(key.Id, key.Name, key.Role, owner.Id, owner.Email ?? owner.UserName ?? owner.Id);
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
