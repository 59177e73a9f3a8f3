using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ModelLifecycle.Domain.Security;

/// <summary>
/// Moves <see cref="SecurityVersion"/> once a save that touched API keys, users, roles or role memberships has
/// committed: at once for a save without a surrounding transaction, otherwise when that transaction commits (Identity
/// writes inside <see cref="UserAdministration"/>'s transactions). Every such change in the portal goes through EF
/// Core's <c>SaveChanges</c> (the admin services, Identity's stores, failed sign-ins that lock an account out), so this
/// is the one place the credential cache learns about them. Only a key's <see cref="ApiKey.LastUsedAt"/> does not count.
/// </summary>
public sealed class SecurityChangeInterceptor(SecurityVersion version) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly object Marker = new();

    // Contexts that saved a credential change inside a transaction that has not committed yet.
    private readonly ConditionalWeakTable<DbContext, object> pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => RolledBack(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RolledBack(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is not null && TouchesCredentials(context.ChangeTracker))
        {
            pending.AddOrUpdate(context, Marker);
        }
    }

    // Without a surrounding transaction the save has committed by now (EF Core's own transaction, if it opened one,
    // has already reported its commit); inside one, the commit reports it.
    private void Saved(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null && pending.Remove(context))
        {
            version.Changed();
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && pending.Remove(context))
        {
            version.Changed();
        }
    }

    private void RolledBack(DbContext? context)
    {
        if (context is not null)
        {
            pending.Remove(context);
        }
    }

    private static bool TouchesCredentials(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case ApiKey when entry.State == EntityState.Modified && OnlyLastUsedChanged(entry):
                    continue;
                case ApiKey or PortalUser or IdentityRole or IdentityUserRole<string> or IdentityUserClaim<string> or IdentityRoleClaim<string>:
                    return true;
            }
        }

        return false;
    }

    private static bool OnlyLastUsedChanged(EntityEntry entry) =>
        entry.Properties.All(p => !p.IsModified || p.Metadata.Name == nameof(ApiKey.LastUsedAt));
}
