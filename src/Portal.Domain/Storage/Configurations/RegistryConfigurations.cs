using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Registry;

namespace ModelLifecycle.Domain.Storage.Configurations;

internal sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.Name).HasMaxLength(FieldLimits.ModelName);
        b.HasIndex(m => m.Name).IsUnique();
        b.HasIndex(m => m.CreatedAt);
        b.Property(m => m.Description).HasMaxLength(FieldLimits.Description);
        b.Property(m => m.Owner).HasMaxLength(FieldLimits.Email);
        b.Property(m => m.Task).HasConversion<string>().HasMaxLength(40);
        // A primitive collection (a JSON array in one column), so "models with tag t" is a query, not a scan in memory.
        b.PrimitiveCollection(m => m.Tags);
        b.Property(m => m.Features).HasJsonConversion();
        b.Property(m => m.MetricGate).HasConversion(
            g => g == null ? null : Common.Json.Serialize(g),
            s => s == null ? null : Common.Json.Deserialize<MetricGate>(s));
        b.Property(m => m.DriftThresholds).HasConversion(
            t => t == null ? null : Common.Json.Serialize(t),
            s => s == null ? null : Common.Json.Deserialize<Drift.Analysis.DriftThresholds>(s));
        b.Property(m => m.ConcurrencyStamp).IsConcurrencyToken();
        b.HasMany(m => m.Versions).WithOne(v => v.Model).HasForeignKey(v => v.ModelId);
    }
}

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> b)
    {
        b.HasKey(v => v.Id);
        b.Property(v => v.Version).HasMaxLength(FieldLimits.Version);
        b.HasIndex(v => new { v.ModelId, v.Version }).IsUnique();
        // Newest-first pages, the latest version and the next version number walk this index instead of sorting
        // every version of the model (RegistryQueries.NewestFirst orders by these columns). It covers every ORDER BY
        // column, so even the last of 4,000 pages is found in the index alone, without reading 100,000 rows.
        b.HasIndex(v => new { v.ModelId, v.Major, v.Minor, v.Patch, v.Version, v.CreatedAt, v.Id });
        // The few unhealthy versions (failed integrity checks) the dashboard lists.
        b.HasIndex(v => v.Healthy);
        // "Models with a version in stage s", the production version of a model and the in-Production count.
        b.HasIndex(v => new { v.Stage, v.ModelId });
        b.Property(v => v.Sha256).HasMaxLength(64);
        b.Property(v => v.ArtifactFileName).HasMaxLength(FieldLimits.FileName);
        b.Property(v => v.ParentVersion).HasMaxLength(FieldLimits.Version);
        b.Property(v => v.DatasetVersion).HasMaxLength(FieldLimits.DatasetVersion);
        b.Property(v => v.DatasetHash).HasMaxLength(FieldLimits.DatasetHash);
        b.Property(v => v.TrainingRun).HasMaxLength(FieldLimits.TrainingRun);
        b.Property(v => v.Notes).HasMaxLength(FieldLimits.Notes);
        b.Property(v => v.Format).HasConversion<string>().HasMaxLength(20);
        b.Property(v => v.Stage).HasConversion<string>().HasMaxLength(20);
        b.Property(v => v.Metrics).HasJsonConversion();
        b.Property(v => v.Hyperparameters).HasJsonConversion();
        b.Property(v => v.CreatedBy).HasMaxLength(FieldLimits.Email);
        b.Property(v => v.ConcurrencyStamp).IsConcurrencyToken();
        b.Ignore(v => v.SemVer);
    }
}

internal sealed class StageTransitionConfiguration : IEntityTypeConfiguration<StageTransition>
{
    public void Configure(EntityTypeBuilder<StageTransition> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.From).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.To).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Version).HasMaxLength(FieldLimits.Version);
        b.Property(t => t.By).HasMaxLength(FieldLimits.Email);
        b.Property(t => t.Reason).HasMaxLength(FieldLimits.TransitionReason);
        b.HasIndex(t => new { t.ModelId, t.At });
    }
}
