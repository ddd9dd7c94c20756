using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DataCatalog.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class RulesScoresFindingsGrades : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "examined",
                table: "scores",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "failing",
                table: "scores",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "examples",
                table: "rule_results",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<bool>(
                name: "exhaustive",
                table: "rule_results",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "rule_results",
                type: "character varying(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rule_set",
                table: "rule_results",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "sampled",
                table: "rule_results",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "severity",
                table: "rule_results",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Warning");

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "rule_results",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Passed");

            migrationBuilder.AddColumn<double>(
                name: "weight",
                table: "rule_results",
                type: "double precision",
                nullable: false,
                defaultValue: 1.0);

            // Results written before rule sets had no status: a failed completeness check is a failed rule.
            migrationBuilder.Sql("UPDATE rule_results SET status = 'Failed' WHERE NOT passed;");

            migrationBuilder.CreateTable(
                name: "dataset_grades",
                columns: table => new
                {
                    dataset_id = table.Column<long>(type: "bigint", nullable: false),
                    grade = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    points = table.Column<double>(type: "double precision", nullable: false),
                    reasons = table.Column<string>(type: "jsonb", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dataset_grades", x => x.dataset_id);
                    table.ForeignKey(
                        name: "fk_dataset_grades_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "findings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dataset_id = table.Column<long>(type: "bigint", nullable: false),
                    rule_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    column_name = table.Column<string>(type: "text", nullable: true),
                    dimension = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    message = table.Column<string>(type: "text", nullable: true),
                    examined = table.Column<long>(type: "bigint", nullable: false),
                    failing = table.Column<long>(type: "bigint", nullable: false),
                    examples = table.Column<string>(type: "jsonb", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    assigned_to = table.Column<string>(type: "text", nullable: true),
                    waiver_reason = table.Column<string>(type: "text", nullable: true),
                    waived_by = table.Column<string>(type: "text", nullable: true),
                    waived_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_findings", x => x.id);
                    table.ForeignKey(
                        name: "fk_findings_datasets_dataset_id",
                        column: x => x.dataset_id,
                        principalTable: "datasets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rule_sets",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    extends = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    file = table.Column<string>(type: "text", nullable: false),
                    json = table.Column<string>(type: "text", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rule_sets", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "scope_scores",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    scope = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    scope_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    dimension = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    value = table.Column<double>(type: "double precision", nullable: false),
                    examined = table.Column<long>(type: "bigint", nullable: false),
                    failing = table.Column<long>(type: "bigint", nullable: false),
                    datasets = table.Column<int>(type: "integer", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scope_scores", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "finding_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    finding_id = table.Column<long>(type: "bigint", nullable: false),
                    from = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    to = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    actor = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    note = table.Column<string>(type: "text", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_finding_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_finding_events_findings_finding_id",
                        column: x => x.finding_id,
                        principalTable: "findings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_finding_events_finding_id_at",
                table: "finding_events",
                columns: new[] { "finding_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_findings_dataset_id_rule_id_column_name",
                table: "findings",
                columns: new[] { "dataset_id", "rule_id", "column_name" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_findings_status",
                table: "findings",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_scope_scores_scope_scope_key_computed_at",
                table: "scope_scores",
                columns: new[] { "scope", "scope_key", "computed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dataset_grades");

            migrationBuilder.DropTable(
                name: "finding_events");

            migrationBuilder.DropTable(
                name: "rule_sets");

            migrationBuilder.DropTable(
                name: "scope_scores");

            migrationBuilder.DropTable(
                name: "findings");

            migrationBuilder.DropColumn(
                name: "examined",
                table: "scores");

            migrationBuilder.DropColumn(
                name: "failing",
                table: "scores");

            migrationBuilder.DropColumn(
                name: "examples",
                table: "rule_results");

            migrationBuilder.DropColumn(
                name: "exhaustive",
                table: "rule_results");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "rule_results");

            migrationBuilder.DropColumn(
                name: "rule_set",
                table: "rule_results");

            migrationBuilder.DropColumn(
                name: "sampled",
                table: "rule_results");

            migrationBuilder.DropColumn(
                name: "severity",
                table: "rule_results");

            migrationBuilder.DropColumn(
                name: "status",
                table: "rule_results");

            migrationBuilder.DropColumn(
                name: "weight",
                table: "rule_results");
        }
    }
}
