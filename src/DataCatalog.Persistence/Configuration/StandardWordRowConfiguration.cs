using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class StandardWordRowConfiguration : IEntityTypeConfiguration<StandardWordRow>
{
    public void Configure(EntityTypeBuilder<StandardWordRow> builder)
    {
        builder.ToTable("standard_words");
        builder.HasIndex(w => new { w.EditionId, w.Name });
        builder.HasOne<StandardEdition>().WithMany().HasForeignKey(w => w.EditionId).OnDelete(DeleteBehavior.Cascade);
    }
}
