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

        // Two people acknowledging at once: the second UPDATE finds the alert no longer open and gets a conflict.
        b.Property(a => a.AcknowledgedAt).IsConcurrencyToken();
        b.Ignore(a => a.IsOpen);
    }
}

internal sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> b)
    {
        b.HasKey(d => d.Id);
        b.HasIndex(d => d.AlertId);
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        b.HasOne<Alert>().WithMany().HasForeignKey(d => d.AlertId).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.Url).HasMaxLength(FieldLimits.WebhookUrl);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(FieldLimits.EnumName);
        b.Property(d => d.LastError).HasMaxLength(FieldLimits.Reason);
    }
}

internal sealed class ModelWebhookConfiguration : IEntityTypeConfiguration<ModelWebhook>
{
    public void Configure(EntityTypeBuilder<ModelWebhook> b)
    {
        b.HasKey(w => w.ModelId);
        b.Property(w => w.Url).HasMaxLength(FieldLimits.WebhookUrl);
        b.Property(w => w.Secret).HasMaxLength(FieldLimits.WebhookSecret);
        b.Property(w => w.UpdatedBy).HasMaxLength(FieldLimits.Email);
    }
}
