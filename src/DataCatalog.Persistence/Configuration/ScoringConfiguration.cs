using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class ScopeScoreConfiguration : IEntityTypeConfiguration<ScopeScore>
{
    public void Configure(EntityTypeBuilder<ScopeScore> builder)
    {
        builder.HasIndex(s => new { s.Scope, s.ScopeKey, s.ComputedAt });
        builder.Property(s => s.Scope).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.ScopeKey).HasMaxLength(64);
        builder.Property(s => s.Dimension).HasConversion<string>().HasMaxLength(32);
    }
}

internal sealed class FindingConfiguration : IEntityTypeConfiguration<Finding>
{
    public void Configure(EntityTypeBuilder<Finding> builder)
    {
        // One finding per rule and target: a rule failing again re-opens it instead of adding another.
        builder.HasIndex(f => new { f.DatasetId, f.RuleId, f.ColumnName }).IsUnique().AreNullsDistinct(false);
        builder.HasIndex(f => f.Status);
        builder.Property(f => f.RuleId).HasMaxLength(100);
        builder.Property(f => f.Dimension).HasConversion<string>().HasMaxLength(32);
        builder.Property(f => f.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Examples).HasJsonbConversion();
        builder.HasOne(f => f.Dataset).WithMany().HasForeignKey(f => f.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FindingEventConfiguration : IEntityTypeConfiguration<FindingEvent>
{
    public void Configure(EntityTypeBuilder<FindingEvent> builder)
    {
        builder.HasIndex(e => new { e.FindingId, e.At });
        builder.Property(e => e.From).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.To).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Actor).HasMaxLength(128);
        builder.HasOne(e => e.Finding).WithMany().HasForeignKey(e => e.FindingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RuleSetRecordConfiguration : IEntityTypeConfiguration<RuleSetRecord>
{
    public void Configure(EntityTypeBuilder<RuleSetRecord> builder)
    {
        builder.ToTable("rule_sets");
        builder.HasKey(r => r.Name);
        builder.Property(r => r.Name).HasMaxLength(64);
        builder.Property(r => r.Extends).HasMaxLength(64);
    }
}

internal sealed class DatasetGradeConfiguration : IEntityTypeConfiguration<DatasetGrade>
{
    public void Configure(EntityTypeBuilder<DatasetGrade> builder)
    {
        builder.HasKey(g => g.DatasetId);
        builder.Property(g => g.Grade).HasMaxLength(1);
        builder.Property(g => g.Reasons).HasJsonbConversion();
        builder.HasOne(g => g.Dataset).WithOne().HasForeignKey<DatasetGrade>(g => g.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
