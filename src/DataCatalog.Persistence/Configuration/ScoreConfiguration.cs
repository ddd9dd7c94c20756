using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class ScoreConfiguration : IEntityTypeConfiguration<Score>
{
    public void Configure(EntityTypeBuilder<Score> builder)
    {
        builder.HasIndex(s => new { s.DatasetId, s.ComputedAt });
        builder.Property(s => s.Dimension).HasConversion<string>().HasMaxLength(32);
        builder.HasOne(x => x.Dataset).WithMany().HasForeignKey(s => s.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<HarvestRun>().WithMany().HasForeignKey(s => s.HarvestRunId).OnDelete(DeleteBehavior.Restrict);
    }
}
