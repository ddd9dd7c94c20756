using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DataCatalog.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class StandardDictionaryEditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "standard_editions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    base_edition_id = table.Column<int>(type: "integer", nullable: true),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source_files = table.Column<string>(type: "text", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    files = table.Column<string>(type: "jsonb", nullable: false),
                    words = table.Column<int>(type: "integer", nullable: false),
                    terms = table.Column<int>(type: "integer", nullable: false),
                    domains = table.Column<int>(type: "integer", nullable: false),
                    retired_rows = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_standard_editions", x => x.id);
                    table.ForeignKey(
                        name: "fk_standard_editions_standard_editions_base_edition_id",
                        column: x => x.base_edition_id,
                        principalTable: "standard_editions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "standard_domains",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    edition_id = table.Column<int>(type: "integer", nullable: false),
                    line = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    group = table.Column<string>(type: "text", nullable: false),
                    @class = table.Column<string>(name: "class", type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    data_type = table.Column<string>(type: "text", nullable: false),
                    length = table.Column<int>(type: "integer", nullable: true),
                    scale = table.Column<int>(type: "integer", nullable: true),
                    storage_format = table.Column<string>(type: "text", nullable: true),
                    display_format = table.Column<string>(type: "text", nullable: true),
                    unit = table.Column<string>(type: "text", nullable: true),
                    allowed_values = table.Column<string>(type: "text", nullable: true),
                    enacted = table.Column<string>(type: "text", nullable: true),
                    retired = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_standard_domains", x => x.id);
                    table.ForeignKey(
                        name: "fk_standard_domains_standard_editions_edition_id",
                        column: x => x.edition_id,
                        principalTable: "standard_editions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "standard_terms",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    edition_id = table.Column<int>(type: "integer", nullable: false),
                    line = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    abbreviation = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    domain_name = table.Column<string>(type: "text", nullable: true),
                    allowed_values = table.Column<string>(type: "text", nullable: true),
                    storage_format = table.Column<string>(type: "text", nullable: true),
                    display_format = table.Column<string>(type: "text", nullable: true),
                    administrative_code = table.Column<string>(type: "text", nullable: true),
                    authority = table.Column<string>(type: "text", nullable: true),
                    synonyms = table.Column<List<string>>(type: "text[]", nullable: false),
                    enacted = table.Column<string>(type: "text", nullable: true),
                    retired = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_standard_terms", x => x.id);
                    table.ForeignKey(
                        name: "fk_standard_terms_standard_editions_edition_id",
                        column: x => x.edition_id,
                        principalTable: "standard_editions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "standard_words",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    edition_id = table.Column<int>(type: "integer", nullable: false),
                    line = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    abbreviation = table.Column<string>(type: "text", nullable: false),
                    english_name = table.Column<string>(type: "text", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    is_class_word = table.Column<bool>(type: "boolean", nullable: false),
                    domain_class = table.Column<string>(type: "text", nullable: true),
                    synonyms = table.Column<List<string>>(type: "text[]", nullable: false),
                    forbidden_words = table.Column<List<string>>(type: "text[]", nullable: false),
                    enacted = table.Column<string>(type: "text", nullable: true),
                    retired = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_standard_words", x => x.id);
                    table.ForeignKey(
                        name: "fk_standard_words_standard_editions_edition_id",
                        column: x => x.edition_id,
                        principalTable: "standard_editions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_standard_domains_edition_id_name",
                table: "standard_domains",
                columns: new[] { "edition_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_standard_editions_base_edition_id",
                table: "standard_editions",
                column: "base_edition_id");

            migrationBuilder.CreateIndex(
                name: "ix_standard_editions_name",
                table: "standard_editions",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_standard_terms_edition_id_name",
                table: "standard_terms",
                columns: new[] { "edition_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_standard_words_edition_id_name",
                table: "standard_words",
                columns: new[] { "edition_id", "name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "standard_domains");

            migrationBuilder.DropTable(
                name: "standard_terms");

            migrationBuilder.DropTable(
                name: "standard_words");

            migrationBuilder.DropTable(
                name: "standard_editions");
        }
    }
}
