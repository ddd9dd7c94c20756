using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataCatalog.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DatasetChangeTokenForUnchangedHarvests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "change_token",
                table: "datasets",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "change_token",
                table: "datasets");
        }
    }
}
