using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Audit;
using ModelLifecycle.Domain.Drift;
using ModelLifecycle.Domain.Registry;
using ModelLifecycle.Domain.Security;

namespace ModelLifecycle.Domain.Storage;

/// <summary>
/// The one database of the portal. Saving seals any new audit events into the hash chain inside the same
/// transaction as the change they record (see <see cref="SaveChangesAsync(bool, CancellationToken)"/>).
/// Provider-specific subclasses exist only so each provider keeps its own migrations.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options, AuditKey auditKey)
    : IdentityDbContext<PortalUser>(options)
{
    public DbSet<Model> Models => Set<Model>();

    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();

    public DbSet<StageTransition> StageTransitions => Set<StageTransition>();

    public DbSet<PromotionRequest> PromotionRequests => Set<PromotionRequest>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<DriftReport> DriftReports => Set<DriftReport>();

    public DbSet<Deployments.ModelServing> ModelServing => Set<Deployments.ModelServing>();

    public DbSet<Deployments.Deployment> Deployments => Set<Deployments.Deployment>();

    public DbSet<Deployments.DeploymentEvent> DeploymentEvents => Set<Deployments.DeploymentEvent>();

    public DbSet<Serving.PredictionRecord> Predictions => Set<Serving.PredictionRecord>();

    public DbSet<Training.Dataset> Datasets => Set<Training.Dataset>();

    public DbSet<Training.TrainingRun> TrainingRuns => Set<Training.TrainingRun>();

    public DbSet<Training.RetrainSchedule> RetrainSchedules => Set<Training.RetrainSchedule>();

    public DbSet<Monitoring.Alert> Alerts => Set<Monitoring.Alert>();

    public DbSet<AbTests.AbTest> AbTests => Set<AbTests.AbTest>();

    public DbSet<Monitoring.AlertDelivery> AlertDeliveries => Set<Monitoring.AlertDelivery>();

    public DbSet<Monitoring.ModelWebhook> ModelWebhooks => Set<Monitoring.ModelWebhook>();

    public DbSet<Monitoring.MonitoringSettings> MonitoringSettings => Set<Monitoring.MonitoringSettings>();

    public DbSet<Monitoring.MonitoringReference> MonitoringReferences => Set<Monitoring.MonitoringReference>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite returns DateTime without a kind, so state it on the way back.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <summary>The head this context sealed and has not yet seen committed (read by <see cref="AuditCheckpointInterceptor"/>).</summary>
    internal (long Sequence, string Hash)? SealedHead { get; set; }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: saving seals audit events asynchronously.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var pending = ChangeTracker.Entries<AuditEvent>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .ToList();
        if (pending.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownsTransaction = Database.CurrentTransaction is null;
        await using var transaction = ownsTransaction ? await Database.BeginTransactionAsync(cancellationToken) : null;

        // Taking the head row's write lock first serialises appends across connections and processes.
        await AuditChainHeads.Where(h => h.Id == AuditChainHead.SingletonId)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, h => h.LastSequence), cancellationToken);
        var head = await AuditChainHeads.AsNoTracking().SingleAsync(h => h.Id == AuditChainHead.SingletonId, cancellationToken);

        var sequence = head.LastSequence;
        var hash = head.LastHash;
        foreach (var e in pending.OrderBy(e => e.At))
        {
            AuditChain.Seal(auditKey.Value, e, sequence, hash);
            sequence = e.Sequence;
            hash = e.Hash;
        }

        var headMac = AuditChain.ComputeHeadMac(auditKey.Value, sequence, hash);
        await AuditChainHeads.Where(h => h.Id == AuditChainHead.SingletonId)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, sequence).SetProperty(h => h.LastHash, hash).SetProperty(h => h.Hmac, headMac), cancellationToken);
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        SealedHead = (sequence, hash);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return written;
    }
}
