using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataCatalog.Persistence.Configuration;

internal sealed class DatasetGradeHistoryConfiguration : IEntityTypeConfiguration<DatasetGradeHistory>
{
    public void Configure(EntityTypeBuilder<DatasetGradeHistory> builder)
    {
        builder.ToTable("dataset_grade_history");
        builder.HasIndex(g => new { g.DatasetId, g.ComputedAt });
        builder.Property(g => g.Grade).HasMaxLength(1);
        builder.HasOne(g => g.Dataset).WithMany().HasForeignKey(g => g.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
