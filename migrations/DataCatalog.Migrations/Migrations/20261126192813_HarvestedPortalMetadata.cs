using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataCatalog.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class HarvestedPortalMetadata : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "landing_page",
                table: "datasets",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "landing_page",
                table: "datasets");
        }
    }
}
