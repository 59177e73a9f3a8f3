using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Deployments;
using ModelLifecycle.Domain.Serving;

namespace ModelLifecycle.Domain.Storage.Configurations;

internal sealed class ModelServingConfiguration : IEntityTypeConfiguration<ModelServing>
{
    public void Configure(EntityTypeBuilder<ModelServing> b)
    {
        b.HasKey(s => s.ModelId);
        b.Property(s => s.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.HasIndex(s => s.ModelName).IsUnique();
        b.Property(s => s.StableVersion).HasMaxLength(FieldLimits.Version);
        b.Property(s => s.Shares).HasJsonConversion();
        b.Property(s => s.ShadowVersions).HasJsonConversion();
        b.Property(s => s.UpdatedBy).HasMaxLength(FieldLimits.Email);
        b.Property(s => s.ConcurrencyStamp).IsConcurrencyToken();
        b.Ignore(s => s.CandidateCap);
    }
}

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> b)
    {
        b.HasKey(d => d.Id);
        b.HasIndex(d => new { d.ModelId, d.CreatedAt });
        b.Property(d => d.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.Property(d => d.Strategy).HasConversion<string>().HasMaxLength(FieldLimits.EnumName);
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(FieldLimits.EnumName);
        b.Property(d => d.CandidateVersion).HasMaxLength(FieldLimits.Version);
        b.Property(d => d.StableVersion).HasMaxLength(FieldLimits.Version);
        b.Property(d => d.StepTenths).HasJsonConversion();
        b.Property(d => d.Policy).HasConversion(
            p => Common.Json.Serialize(p),
            s => Common.Json.Deserialize<RollbackPolicy>(s));
        b.Property(d => d.CreatedBy).HasMaxLength(FieldLimits.Email);
        b.Property(d => d.EndReason).HasMaxLength(FieldLimits.Reason);
        b.Property(d => d.ConcurrencyStamp).IsConcurrencyToken();
    }
}

internal sealed class DeploymentEventConfiguration : IEntityTypeConfiguration<DeploymentEvent>
{
    public void Configure(EntityTypeBuilder<DeploymentEvent> b)
    {
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.ModelId, e.At });
        b.Property(e => e.Kind).HasMaxLength(FieldLimits.EnumName);
        b.Property(e => e.Actor).HasMaxLength(FieldLimits.Email + 100);
        b.Property(e => e.Reason).HasMaxLength(FieldLimits.Reason);
    }
}

internal sealed class PredictionRecordConfiguration : IEntityTypeConfiguration<PredictionRecord>
{
    public void Configure(EntityTypeBuilder<PredictionRecord> b)
    {
        b.HasKey(p => p.Id);
        b.HasIndex(p => new { p.ModelId, p.Version, p.At });
        b.HasIndex(p => p.At);
        b.Property(p => p.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.Property(p => p.Version).HasMaxLength(FieldLimits.Version);
        b.Property(p => p.RoutingKey).HasMaxLength(FieldLimits.RoutingKey);
        b.Property(p => p.Error).HasMaxLength(FieldLimits.Reason);
    }
}
