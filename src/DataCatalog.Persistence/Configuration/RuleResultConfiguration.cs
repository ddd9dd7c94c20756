using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class RuleResultConfiguration : IEntityTypeConfiguration<RuleResult>
{
    public void Configure(EntityTypeBuilder<RuleResult> builder)
    {
        builder.HasIndex(r => new { r.DatasetId, r.HarvestRunId });
        builder.Property(r => r.Dimension).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Kind).HasMaxLength(48);
        builder.Property(r => r.RuleSet).HasMaxLength(64);
        builder.Property(r => r.Examples).HasJsonbConversion();
        builder.HasOne(x => x.Dataset).WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<HarvestRun>().WithMany().HasForeignKey(r => r.HarvestRunId).OnDelete(DeleteBehavior.Restrict);
    }
}
