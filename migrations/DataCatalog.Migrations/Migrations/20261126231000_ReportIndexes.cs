using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataCatalog.Migrations.Migrations
{
    /// <summary>
    /// The index the rule-failure and standard-term reports walk (Persistence/Reports): per dataset and scoring, the
    /// results in the report's order ("C" collation, column NULLS FIRST, id), so a report reads its rows in order instead
    /// of sorting a million of them, and the latest scoring of a dataset is one backward step. Raw SQL because EF cannot
    /// give one index column a collation and a null order; not in the EF model because only those raw queries use it.
    /// </summary>
    public partial class ReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
CREATE INDEX ix_rule_results_report_order ON rule_results
    (dataset_id, evaluated_at, rule_id COLLATE "C", column_name COLLATE "C" NULLS FIRST, id);
""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
DROP INDEX IF EXISTS ix_rule_results_report_order;
""");
        }
    }
}
