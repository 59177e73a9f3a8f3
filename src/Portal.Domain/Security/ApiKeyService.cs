using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
public sealed class ApiKeyService(
    IDbContextFactory<PortalDbContext> contexts, AuditTrail audit, TimeProvider clock, SecurityVersion securityVersion, IOptions<ApiKeyOptions> options)
{
    private readonly TimeSpan cacheLifetime = options.Value.CacheLifetime;

    // Keyed by the SHA-256 of the presented text: a hit proves the same secret as the check it remembers.
    private readonly ConcurrentDictionary<string, CachedCheck> checks = new(StringComparer.Ordinal);

    public async Task<CreatedApiKey> CreateAsync(string? name, string? role, Actor actor, CancellationToken ct)
    {
        RequireAdmin(actor);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw DomainException.Invalid("An API key needs a name of at most 100 characters.");
        }

        FieldLimits.Check(name, 100, "name"); // the rules every text field shares (no NUL)

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
    /// disabled, locked out or no longer holds the key's role. A positive answer is remembered by the hash of the
    /// presented text for at most <see cref="ApiKeyOptions.CacheLifetime"/> and only while <see cref="SecurityVersion"/>
    /// has not moved since the check began, so a revocation, a role change, a disable or a lockout made in this process
    /// refuses the key from the next request on. Concurrent requests with the same key share one check.
    /// </summary>
    public async ValueTask<ApiKeyIdentity?> ValidateAsync(string? presented, CancellationToken ct)
    {
        var parts = presented?.Split('_');
        if (parts is not { Length: >= 3 } || parts[0] != "mlk")
        {
            return null;
        }

        var hash = Hash(presented!);
        if (cacheLifetime <= TimeSpan.Zero)
        {
            return await CheckAsync(parts[1], hash, ct);
        }

        // Read before the database: a change that commits during the check moves the version past this one.
        var version = securityVersion.Current;
        if (checks.TryGetValue(hash, out var known) && Current(known, version))
        {
            return known.Answer.Task.IsCompletedSuccessfully ? known.Answer.Task.Result : await known.Answer.Task.WaitAsync(ct);
        }

        var fresh = new CachedCheck(version, clock.GetTimestamp());
        var slot = checks.AddOrUpdate(hash, fresh, (_, old) => Current(old, version) ? old : fresh);
        if (!ReferenceEquals(slot, fresh))
        {
            return await slot.Answer.Task.WaitAsync(ct);
        }

        try
        {
            // Not the caller's token: other requests wait for this answer.
            var identity = await CheckAsync(parts[1], hash, CancellationToken.None);
            if (identity is null)
            {
                // Only valid keys are remembered, so made-up keys cannot grow the table.
                checks.TryRemove(KeyValuePair.Create(hash, fresh));
            }

            fresh.Answer.SetResult(identity);
            return identity;
        }
        catch (Exception e)
        {
            checks.TryRemove(KeyValuePair.Create(hash, fresh));
            fresh.Answer.SetException(e);
            throw;
        }
    }

    private bool Current(CachedCheck check, long version) =>
        check.Version == version && clock.GetElapsedTime(check.Started) < cacheLifetime;

    /// <summary>The database check behind <see cref="ValidateAsync"/>: the key by prefix and hash, its owner, the owner's roles.</summary>
    private async Task<ApiKeyIdentity?> CheckAsync(string prefix, string hash, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Prefix == prefix, ct);
        if (key is null || !key.IsActive
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.SecretHash), Encoding.ASCII.GetBytes(hash)))
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

        // At most one write a minute per key (a cached key is checked again at least once per cache lifetime). Not a
        // credential change: SecurityChangeInterceptor ignores a save that only moves LastUsedAt.
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }

        return new ApiKeyIdentity(key.Id, key.Name, key.Role, owner.Id, owner.Email ?? owner.UserName ?? owner.Id);
    }

    /// <summary>One check of a key: the security version it began under, when, and its answer (shared by concurrent requests).</summary>
    private sealed class CachedCheck(long version, long started)
    {
        public long Version { get; } = version;

        public long Started { get; } = started;

        public TaskCompletionSource<ApiKeyIdentity?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
