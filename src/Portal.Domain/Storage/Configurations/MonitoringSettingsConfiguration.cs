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
