using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ModelLifecycle.Domain.Storage;

namespace ModelLifecycle.Domain.Audit;

/// <summary>
/// Tells the checkpoint log about a new chain head once the transaction that sealed it has committed, whoever owns the
/// transaction, so a checkpoint never names an event that was rolled back.
/// </summary>
public sealed class AuditCheckpointInterceptor(AuditCheckpointLog checkpoints) : DbTransactionInterceptor
{
    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PortalDbContext { SealedHead: { } head } db)
        {
            db.SealedHead = null;
            await checkpoints.OnCommittedAsync(head.Sequence, head.Hash, cancellationToken);
        }
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PortalDbContext db)
        {
            db.SealedHead = null;
        }

        return Task.CompletedTask;
    }
}
