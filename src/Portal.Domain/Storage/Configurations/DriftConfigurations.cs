using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelLifecycle.Domain.Common;
using ModelLifecycle.Domain.Drift;

namespace ModelLifecycle.Domain.Storage.Configurations;

internal sealed class DriftReportConfiguration : IEntityTypeConfiguration<DriftReport>
{
    public void Configure(EntityTypeBuilder<DriftReport> b)
    {
        b.HasKey(r => r.Id);
        b.HasIndex(r => new { r.ModelId, r.CreatedAt });
        b.Property(r => r.ModelName).HasMaxLength(FieldLimits.ModelName);
        b.Property(r => r.Version).HasMaxLength(FieldLimits.Version);
        b.Property(r => r.CreatedBy).HasMaxLength(FieldLimits.Email);
        b.Property(r => r.ReferenceSource).HasMaxLength(FieldLimits.FileName);
        b.Property(r => r.CurrentSource).HasMaxLength(FieldLimits.FileName);
        b.Property(r => r.MaxSeverity).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.RecommendationKind).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Recommendation).HasMaxLength(FieldLimits.Recommendation);
        b.Property(r => r.Features).HasJsonConversion();
        b.Property(r => r.Distributions).HasJsonConversion();
        b.Property(r => r.Concept).HasConversion(
            c => c == null ? null : Common.Json.Serialize(c),
            s => s == null ? null : Common.Json.Deserialize<Drift.Analysis.ConceptDriftResult>(s));
        b.Property(r => r.Source).HasMaxLength(FieldLimits.EnumName).HasDefaultValue(DriftReport.UploadSource);
        b.Property(r => r.ReferenceKind).HasMaxLength(FieldLimits.EnumName);
        b.Property(r => r.Performance).HasConversion(
            p => p == null ? null : Common.Json.Serialize(p),
            s => s == null ? null : Common.Json.Deserialize<Monitoring.PerformanceDriftResult>(s));
    }
}
