using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class StandardDomainRowConfiguration : IEntityTypeConfiguration<StandardDomainRow>
{
    public void Configure(EntityTypeBuilder<StandardDomainRow> builder)
    {
        builder.ToTable("standard_domains");
        builder.HasIndex(d => new { d.EditionId, d.Name });
        builder.HasOne<StandardEdition>().WithMany().HasForeignKey(d => d.EditionId).OnDelete(DeleteBehavior.Cascade);
    }
}
