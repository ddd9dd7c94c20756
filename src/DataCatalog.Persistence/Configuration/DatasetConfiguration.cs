using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.HasIndex(d => new { d.SourceId, d.QualifiedName }).IsUnique();
        builder.HasIndex(d => d.Status);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Distributions).HasJsonbConversion();
        builder.Property(d => d.FileRead).HasJsonbConversion();
        builder.HasOne(d => d.Source).WithMany().HasForeignKey(d => d.SourceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(d => d.Columns).WithOne().HasForeignKey(c => c.DatasetId).OnDelete(DeleteBehavior.Cascade);

        // Words rank through the tsvector; Korean substrings and typos match through trigrams on the same text.
        builder.HasGeneratedTsVectorColumn(d => d.SearchVector!, "simple", d => new { d.SearchText })
            .HasIndex(d => d.SearchVector).HasMethod("GIN");
        builder.HasIndex(d => d.SearchText).HasMethod("GIN").HasOperators("gin_trgm_ops");
    }
}
