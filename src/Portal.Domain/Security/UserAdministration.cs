using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Security;

public sealed record UserView(string Id, string Email, IReadOnlyList<string> Roles, bool LockedOut, DateTime CreatedAt);

/// <summary>Users and their roles (Identity), each change audited in the same transaction as the Identity write.</summary>
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
        var user = await users.FindByIdAsync(userId) ?? throw DomainException.NotFound($"No user {userId}.");
        var current = (await users.GetRolesAsync(user)).ToList();
        if (current.Contains(PortalRoles.Admin) && !roleList.Contains(PortalRoles.Admin) && string.Equals(user.Id, actor.Id, StringComparison.Ordinal))
        {
            throw DomainException.Invalid("You cannot remove your own Admin role.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Check(await users.RemoveFromRolesAsync(user, current.Except(roleList)));
        Check(await users.AddToRolesAsync(user, roleList.Except(current)));
        audit.Record(db, actor, "user.roles_changed", "user", user.Email!, new { roles = current }, new { roles = roleList });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new UserView(user.Id, user.Email!, roleList, await users.IsLockedOutAsync(user), user.CreatedAt);
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
            u.CreatedAt)).ToList();
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
