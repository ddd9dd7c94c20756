using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class SchemaChangeConfiguration : IEntityTypeConfiguration<SchemaChange>
{
    public void Configure(EntityTypeBuilder<SchemaChange> builder)
    {
        builder.HasIndex(c => new { c.DatasetId, c.HarvestRunId });
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
        builder.HasOne(x => x.Dataset).WithMany().HasForeignKey(c => c.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<HarvestRun>().WithMany().HasForeignKey(c => c.HarvestRunId).OnDelete(DeleteBehavior.Restrict);
    }
}
