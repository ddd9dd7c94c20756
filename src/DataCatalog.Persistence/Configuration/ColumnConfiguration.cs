using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class ColumnConfiguration : IEntityTypeConfiguration<Column>
{
    public void Configure(EntityTypeBuilder<Column> builder)
    {
        builder.ToTable("columns");
        builder.HasIndex(c => new { c.DatasetId, c.Ordinal });
        builder.Property(c => c.PiiClass).HasConversion<string>().HasMaxLength(48);
        builder.Property(c => c.Profile).HasJsonbConversion();
    }
}
