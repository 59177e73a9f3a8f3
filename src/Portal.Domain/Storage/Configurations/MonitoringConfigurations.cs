using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Monitoring;

namespace ModelLifecycle.Domain.Storage.Configurations;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.HasKey(a => a.Id);
        b.HasIndex(a => new { a.ModelId, a.RaisedAt });
        b.HasIndex(a => new { a.AcknowledgedAt, a.RaisedAt });
        b.Property(a => a.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.Property(a => a.Version).HasMaxLength(FieldLimits.Version);
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(FieldLimits.EnumName);
        b.Property(a => a.Severity).HasConversion<string>().HasMaxLength(FieldLimits.EnumName);
        b.Property(a => a.Title).HasMaxLength(FieldLimits.AlertTitle);
        b.Property(a => a.SourceType).HasMaxLength(FieldLimits.EnumName);
        b.Property(a => a.SourceId).HasMaxLength(FieldLimits.TrainingRun);
        b.Property(a => a.AcknowledgedBy).HasMaxLength(FieldLimits.Email);
        b.Property(a => a.AcknowledgementNote).HasMaxLength(FieldLimits.Reason);
        b.Ignore(a => a.IsOpen);
    }
}
