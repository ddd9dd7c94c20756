using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class StandardEditionConfiguration : IEntityTypeConfiguration<StandardEdition>
{
    public void Configure(EntityTypeBuilder<StandardEdition> builder)
    {
        builder.HasIndex(e => e.Name).IsUnique();
        builder.Property(e => e.Name).HasMaxLength(100);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Sha256).HasMaxLength(64);
        builder.Property(e => e.Files).HasJsonbConversion();
        builder.HasOne<StandardEdition>().WithMany().HasForeignKey(e => e.BaseEditionId).OnDelete(DeleteBehavior.Restrict);
    }
}
