using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Security;

public sealed record UserView(string Id, string Email, IReadOnlyList<string> Roles, bool LockedOut, DateTime CreatedAt, bool Disabled = false);

/// <summary>
/// Users and their roles (Identity), each change audited in the same transaction as the Identity write. Every change
/// that takes rights away (roles, disable, password reset) renews the user's security stamp, so their cookies, bearer
/// tokens and refresh tokens stop working on the next request. The last active Admin can never be demoted or disabled,
/// whichever credential asks.
/// </summary>
public sealed class UserAdministration(UserManager<PortalUser> users, PortalDbContext db, AuditTrail audit, TimeProvider clock)
{
    public async Task<UserView> CreateAsync(string? email, string? password, IReadOnlyList<string>? roles, Actor actor, CancellationToken ct)
    {
        ApiKeyService.RequireAdmin(actor);
        var roleList = ValidateRoles(roles);
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            throw DomainException.Invalid("A user needs a valid email address.");
        }

        FieldLimits.Check(email.Trim(), FieldLimits.Email, "email");

        if (string.IsNullOrEmpty(password))
        {
            throw DomainException.Invalid("A user needs a password.");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            throw DomainException.Conflict($"A user with email '{email}' already exists.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new PortalUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, DisplayName = email.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRolesAsync(user, roleList));
        var view = new UserView(user.Id, user.Email!, roleList, false, user.CreatedAt);
        audit.Record(db, actor, "user.created", "user", user.Email!, null, view);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return view;
    }

    public async Task<UserView> SetRolesAsync(string userId, IReadOnlyList<string>? roles, Actor actor, CancellationToken ct)
    {
        ApiKeyService.RequireAdmin(actor);
        var roleList = ValidateRoles(roles);
        var user = await FindAsync(userId);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var current = (await users.GetRolesAsync(user)).ToList();
        if (current.Contains(PortalRoles.Admin) && !roleList.Contains(PortalRoles.Admin))
        {
            if (string.Equals(user.Id, actor.Id, StringComparison.Ordinal))
            {
                throw DomainException.Invalid("You cannot remove your own Admin role.");
            }

            await RequireAnotherActiveAdminAsync(user, "remove the Admin role of", ct);
        }

        Check(await users.RemoveFromRolesAsync(user, current.Except(roleList)));
        Check(await users.AddToRolesAsync(user, roleList.Except(current)));
        Check(await users.UpdateSecurityStampAsync(user));
        audit.Record(db, actor, "user.roles_changed", "user", user.Email!, new { roles = current }, new { roles = roleList });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(user);
    }

    /// <summary>Disables a user: no sign-in, and every token and API key of theirs is refused from the next request on.</summary>
    public async Task<UserView> DisableAsync(string userId, Actor actor, CancellationToken ct)
    {
        ApiKeyService.RequireAdmin(actor);
        var user = await FindAsync(userId);
        if (string.Equals(user.Id, actor.Id, StringComparison.Ordinal))
        {
            throw DomainException.Invalid("You cannot disable yourself.");
        }

        if (user.DisabledAt is not null)
        {
            throw DomainException.Conflict($"{user.Email} is already disabled.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if ((await users.GetRolesAsync(user)).Contains(PortalRoles.Admin))
        {
            await RequireAnotherActiveAdminAsync(user, "disable", ct);
        }

        var before = await ViewAsync(user);
        user.DisabledAt = clock.GetUtcNow().UtcDateTime;
        Check(await users.UpdateSecurityStampAsync(user));
        return await RecordAsync(user, actor, "user.disabled", before, tx, ct);
    }

    public async Task<UserView> EnableAsync(string userId, Actor actor, CancellationToken ct)
    {
        ApiKeyService.RequireAdmin(actor);
        var user = await FindAsync(userId);
        if (user.DisabledAt is null)
        {
            throw DomainException.Conflict($"{user.Email} is not disabled.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = await ViewAsync(user);
        user.DisabledAt = null;
        Check(await users.UpdateAsync(user));
        return await RecordAsync(user, actor, "user.enabled", before, tx, ct);
    }

    /// <summary>Ends a lockout from failed sign-ins (a disabled user stays disabled: unlocking is not re-enabling).</summary>
    public async Task<UserView> UnlockAsync(string userId, Actor actor, CancellationToken ct)
    {
        ApiKeyService.RequireAdmin(actor);
        var user = await FindAsync(userId);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = await ViewAsync(user);
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        return await RecordAsync(user, actor, "user.unlocked", before, tx, ct);
    }

    /// <summary>Sets a new password chosen by an Admin; the user's existing sessions and tokens end.</summary>
    public async Task<UserView> ResetPasswordAsync(string userId, string? password, Actor actor, CancellationToken ct)
    {
        ApiKeyService.RequireAdmin(actor);
        if (string.IsNullOrEmpty(password))
        {
            throw DomainException.Invalid("password is required.");
        }

        var user = await FindAsync(userId);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = await ViewAsync(user);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, password));
        return await RecordAsync(user, actor, "user.password_reset", before, tx, ct);
    }

    public async Task<IReadOnlyList<UserView>> ListAsync(CancellationToken ct)
    {
        var all = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name!, ct);
        var links = await db.UserRoles.AsNoTracking().ToListAsync(ct);
        var now = clock.GetUtcNow();
        return all.Select(u => new UserView(
            u.Id,
            u.Email ?? u.UserName ?? u.Id,
            links.Where(l => l.UserId == u.Id).Select(l => roleNames[l.RoleId]).Order(StringComparer.Ordinal).ToList(),
            u.LockoutEnd is { } end && end > now,
            u.CreatedAt,
            u.DisabledAt is not null)).ToList();
    }

    private async Task<PortalUser> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) ?? throw DomainException.NotFound($"No user {userId}.");

    private async Task<UserView> ViewAsync(PortalUser user) =>
        new(user.Id, user.Email!, (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList(), await users.IsLockedOutAsync(user), user.CreatedAt, user.DisabledAt is not null);

    private async Task<UserView> RecordAsync(PortalUser user, Actor actor, string action, UserView before, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, CancellationToken ct)
    {
        var after = await ViewAsync(user);
        audit.Record(db, actor, action, "user", user.Email!, before, after);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return after;
    }

    // Runs inside the caller's transaction. Writing the Admin role row first takes its row write lock until commit on
    // every provider (SQLite already holds the database write lock from BEGIN IMMEDIATE; SQL Server and PostgreSQL lock
    // the row), so two Admins demoting each other at once queue here and the second sees the first's change.
    private async Task RequireAnotherActiveAdminAsync(PortalUser user, string what, CancellationToken ct)
    {
        await db.Roles.Where(r => r.Name == PortalRoles.Admin)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ConcurrencyStamp, r => r.ConcurrencyStamp), ct);
        var others = await db.UserRoles
            .Join(db.Roles.Where(r => r.Name == PortalRoles.Admin), l => l.RoleId, r => r.Id, (l, _) => l.UserId)
            .Join(db.Users.Where(u => u.DisabledAt == null && u.Id != user.Id), id => id, u => u.Id, (_, u) => u.Id)
            .CountAsync(ct);
        if (others == 0)
        {
            throw DomainException.Conflict($"Cannot {what} {user.Email}: they are the last active Admin.");
        }
    }

    private static List<string> ValidateRoles(IReadOnlyList<string>? roles)
    {
        if (roles is null || roles.Count == 0)
        {
            throw DomainException.Invalid($"A user needs at least one role: {string.Join(", ", PortalRoles.All)}.");
        }

        var unknown = roles.Where(r => !PortalRoles.IsKnown(r)).ToList();
        if (unknown.Count > 0)
        {
            throw DomainException.Invalid($"Unknown role(s) {string.Join(", ", unknown)}. Roles: {string.Join(", ", PortalRoles.All)}.");
        }

        return roles.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw DomainException.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
