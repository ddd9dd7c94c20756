using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class StandardTermRowConfiguration : IEntityTypeConfiguration<StandardTermRow>
{
    public void Configure(EntityTypeBuilder<StandardTermRow> builder)
    {
        builder.ToTable("standard_terms");
        builder.HasIndex(t => new { t.EditionId, t.Name });
        builder.HasOne<StandardEdition>().WithMany().HasForeignKey(t => t.EditionId).OnDelete(DeleteBehavior.Cascade);
    }
}
