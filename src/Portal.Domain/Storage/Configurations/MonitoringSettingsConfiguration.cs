using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Monitoring;

namespace ModelLifecycle.Domain.Storage.Configurations;

internal sealed class MonitoringSettingsConfiguration : IEntityTypeConfiguration<MonitoringSettings>
{
    public void Configure(EntityTypeBuilder<MonitoringSettings> b)
    {
        b.HasKey(s => s.ModelId);
        b.HasIndex(s => s.ModelName).IsUnique();
        b.Property(s => s.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.Property(s => s.Cron).HasMaxLength(FieldLimits.Cron);
        b.Property(s => s.Reference).HasConversion<string>().HasMaxLength(FieldLimits.EnumName);
        b.Property(s => s.SetBy).HasMaxLength(FieldLimits.Email);
        b.Property(s => s.SetById).HasMaxLength(FieldLimits.Email);
        b.Property(s => s.ConcurrencyStamp).IsConcurrencyToken();
    }
}

internal sealed class MonitoringReferenceConfiguration : IEntityTypeConfiguration<MonitoringReference>
{
    public void Configure(EntityTypeBuilder<MonitoringReference> b)
    {
        b.HasKey(r => r.ModelId);
        b.HasIndex(r => r.Sha256);
        b.Property(r => r.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.Property(r => r.FileName).HasMaxLength(FieldLimits.FileName);
        b.Property(r => r.Sha256).HasMaxLength(64);
        b.Property(r => r.UploadedBy).HasMaxLength(FieldLimits.Email);
    }
}
