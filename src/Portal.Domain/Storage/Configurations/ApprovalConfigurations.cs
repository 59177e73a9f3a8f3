using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelLifecycle.Domain.Approvals;
using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Storage.Configurations;

internal sealed class PromotionRequestConfiguration : IEntityTypeConfiguration<PromotionRequest>
{
    public void Configure(EntityTypeBuilder<PromotionRequest> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.Property(r => r.Version).HasMaxLength(FieldLimits.Version);
        b.Property(r => r.FromStage).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.TargetStage).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Justification).HasMaxLength(FieldLimits.Justification);
        b.Property(r => r.DecisionReason).HasMaxLength(FieldLimits.Reason);
        b.Property(r => r.RequestedBy).HasMaxLength(256);
        b.Property(r => r.RequestedByName).HasMaxLength(256);
        b.Property(r => r.DecidedBy).HasMaxLength(256);
        b.Property(r => r.Checklist).HasJsonConversion();
        b.Property(r => r.DecisionChecklist).HasConversion(
            c => c == null ? null : Common.Json.Serialize(c),
            s => s == null ? null : Common.Json.Deserialize<List<ChecklistItem>>(s));
        b.Property(r => r.ProductionVersionAtRequest).HasMaxLength(64);
        b.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
        b.HasIndex(r => new { r.Status, r.RequestedAt });

        // One pending request per version, also under a race. [..] quoting is understood by SQLite and SQL Server.
        b.HasIndex(r => r.VersionId).IsUnique().HasFilter("[Status] = 'Pending'").HasDatabaseName("IX_PromotionRequests_VersionId_Pending");
    }
}
