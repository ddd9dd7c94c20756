using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataCatalog.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    department = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    target_kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    target_id = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    after = table.Column<string>(type: "jsonb", nullable: true),
                    request_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    prev_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_occurred_at",
                table: "audit_events",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_target_kind_target_id",
                table: "audit_events",
                columns: new[] { "target_kind", "target_id" });

            // Append only: the trigger refuses UPDATE, DELETE and TRUNCATE for every role, the owner included (the owner can
            // disable it; what an owner does is then caught by the hash chain, see AuditChainVerifier).
            migrationBuilder.Sql("""
                CREATE FUNCTION "audit_events_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
                        USING ERRCODE = 'insufficient_privilege',
                              HINT = 'An audit event is never changed or removed; record a correcting event instead.';
                END
                $fn$;
                CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events"
                    FOR EACH ROW EXECUTE FUNCTION "audit_events_refuse_change"();
                CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
                    FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_refuse_change"();
                """);

            // Privileges: a role the catalog connects as that is not the owner (one already granted the catalog's tables,
            // as datasets shows) may read and append, never update, delete or truncate. The owner's own rights cannot be
            // revoked in PostgreSQL; run the migrations as the owner and the catalog as such a role (README, Audit trail).
            migrationBuilder.Sql("""
                REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM PUBLIC;
                DO $grant$
                DECLARE grantee text;
                BEGIN
                    FOR grantee IN
                        SELECT DISTINCT g.grantee FROM information_schema.role_table_grants AS g
                        JOIN pg_roles AS r ON r.rolname = g.grantee
                        WHERE g.table_schema = current_schema() AND g.table_name = 'datasets'
                          AND g.grantee <> (SELECT pg_get_userbyid(c.relowner) FROM pg_class AS c WHERE c.oid = 'datasets'::regclass)
                    LOOP
                        EXECUTE format('GRANT SELECT, INSERT ON "audit_events" TO %I', grantee);
                        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON "audit_events" FROM %I', grantee);
                    END LOOP;
                END
                $grant$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP FUNCTION "audit_events_refuse_change"() CASCADE;""");
            migrationBuilder.DropTable(
                name: "audit_events");
        }
    }
}
