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
        builder.HasOne(x => x.Dataset).WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<HarvestRun>().WithMany().HasForeignKey(r => r.HarvestRunId).OnDelete(DeleteBehavior.Restrict);
    }
}
