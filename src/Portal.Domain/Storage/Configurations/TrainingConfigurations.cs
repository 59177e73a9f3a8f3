using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Training;

namespace ModelLifecycle.Domain.Storage.Configurations;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> b)
    {
        b.HasKey(d => d.Id);
        b.HasIndex(d => new { d.ModelId, d.Version }).IsUnique();

        // The same bytes are one version per model: a concurrent duplicate upload loses here and is refused.
        b.HasIndex(d => new { d.ModelId, d.Sha256 }).IsUnique();
        b.Property(d => d.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.Property(d => d.Sha256).HasMaxLength(64);
        b.Property(d => d.FileName).HasMaxLength(FieldLimits.FileName);
        b.Property(d => d.Summary).HasJsonConversion();
        b.Property(d => d.Source).HasMaxLength(FieldLimits.EnumName);
        b.Property(d => d.Notes).HasMaxLength(FieldLimits.Notes);
        b.Property(d => d.CreatedBy).HasMaxLength(FieldLimits.Email);
    }
}

internal sealed class TrainingRunConfiguration : IEntityTypeConfiguration<TrainingRun>
{
    public void Configure(EntityTypeBuilder<TrainingRun> b)
    {
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.ModelId, r.CreatedAt });
        b.HasIndex(r => r.State);
        b.Property(r => r.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.Property(r => r.HangfireJobId).HasMaxLength(100);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(FieldLimits.EnumName);
        b.Property(r => r.Method).HasConversion<string>().HasMaxLength(FieldLimits.EnumName);
        b.Property(r => r.TrainerFamily).HasMaxLength(FieldLimits.EnumName);
        b.Property(r => r.Trigger).HasMaxLength(FieldLimits.EnumName);
        b.Property(r => r.Objective).HasMaxLength(FieldLimits.EnumName);
        b.Property(r => r.TrialResults).HasJsonConversion();
        b.Property(r => r.ResultVersion).HasMaxLength(FieldLimits.Version);
        b.Property(r => r.Error).HasMaxLength(FieldLimits.Reason);
        b.Property(r => r.RequestedBy).HasMaxLength(FieldLimits.Email);
        b.Property(r => r.RequestedById).HasMaxLength(FieldLimits.Email);
        b.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
    }
}

internal sealed class RetrainScheduleConfiguration : IEntityTypeConfiguration<RetrainSchedule>
{
    public void Configure(EntityTypeBuilder<RetrainSchedule> b)
    {
        b.HasKey(s => s.ModelId);
        b.Property(s => s.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.Property(s => s.Cron).HasMaxLength(FieldLimits.Cron);
        b.Property(s => s.TrainerFamily).HasMaxLength(FieldLimits.EnumName);
        b.Property(s => s.Method).HasConversion<string>().HasMaxLength(FieldLimits.EnumName);
        b.Property(s => s.SetBy).HasMaxLength(FieldLimits.Email);
        b.Property(s => s.SetById).HasMaxLength(FieldLimits.Email);
    }
}
