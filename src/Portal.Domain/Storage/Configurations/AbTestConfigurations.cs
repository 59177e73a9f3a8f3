using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelLifecycle.Domain.AbTests;
using ModelLifecycle.Domain.Common;

namespace ModelLifecycle.Domain.Storage.Configurations;

internal sealed class AbTestConfiguration : IEntityTypeConfiguration<AbTest>
{
    public void Configure(EntityTypeBuilder<AbTest> b)
    {
        b.HasKey(t => t.Id);
        b.HasIndex(t => new { t.ModelId, t.StartedAt });

        // At most one running test per model, also against two creations racing past the service's check.
        b.HasIndex(t => t.ModelId).IsUnique().HasFilter("StoppedAt IS NULL").HasDatabaseName("IX_AbTests_OneRunningPerModel");
        b.Property(t => t.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.Property(t => t.VersionA).HasMaxLength(FieldLimits.Version);
        b.Property(t => t.VersionB).HasMaxLength(FieldLimits.Version);
        b.Property(t => t.Metric).HasConversion<string>().HasMaxLength(FieldLimits.EnumName);
        b.Property(t => t.StartedBy).HasMaxLength(FieldLimits.Email);
        b.Property(t => t.StoppedBy).HasMaxLength(FieldLimits.Email);
        b.Property(t => t.StopReason).HasMaxLength(FieldLimits.Reason);
        b.Property(t => t.PreviousShares).HasJsonConversion();
        b.Property(t => t.ConcurrencyStamp).IsConcurrencyToken();
        b.Ignore(t => t.PercentB);
        b.Ignore(t => t.IsRunning);
    }
}
