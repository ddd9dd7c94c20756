using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class HarvestRunConfiguration : IEntityTypeConfiguration<HarvestRun>
{
    public void Configure(EntityTypeBuilder<HarvestRun> builder)
    {
        builder.HasIndex(r => new { r.SourceId, r.StartedAt });
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Trigger).HasMaxLength(32);
        builder.Property(r => r.Node).HasMaxLength(128);
        builder.Property(r => r.DatasetErrors).HasJsonbConversion();
        builder.Property(r => r.Warnings).HasJsonbConversion();
        builder.HasOne<Source>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Restrict);
    }
}
