using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataCatalog.Migrations.Migrations
{
    /// <summary>
    /// The search documents' pending marks are written once per statement (transition tables) instead of once per row,
    /// so a harvest's COPY of thousands of columns and rule results no longer calls a PL/pgSQL function per row. The
    /// documents are still rebuilt once per dataset when the transaction commits, as before.
    /// </summary>
    public partial class SearchMarkPerStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(""""
-- One mark per statement instead of one per row: a harvest writes tens of thousands of columns and rule results
-- (by COPY), and a PL/pgSQL call with its own INSERT per row cost the catalog about 25 µs each. A transition table
-- takes one event per trigger, so a table marked on INSERT, UPDATE and DELETE gets one trigger per event.
CREATE FUNCTION dataset_search_mark_rows() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO dataset_search_pending (txid, dataset_id)
    SELECT DISTINCT txid_current(), dataset_id FROM changed_rows
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$fn$;

CREATE FUNCTION dataset_search_mark_new_datasets() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO dataset_search_pending (txid, dataset_id)
    SELECT txid_current(), id FROM changed_rows
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$fn$;

DROP TRIGGER dataset_search_mark ON datasets;
CREATE TRIGGER dataset_search_mark_insert AFTER INSERT ON datasets
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_new_datasets();
DROP TRIGGER dataset_search_mark ON rule_results;
CREATE TRIGGER dataset_search_mark_insert AFTER INSERT ON rule_results
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_rows();
DROP TRIGGER dataset_search_mark ON scores;
CREATE TRIGGER dataset_search_mark_insert AFTER INSERT ON scores
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_rows();
DROP TRIGGER dataset_search_mark ON schema_changes;
CREATE TRIGGER dataset_search_mark_insert AFTER INSERT ON schema_changes
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_rows();
DROP TRIGGER dataset_search_mark ON columns;
CREATE TRIGGER dataset_search_mark_insert AFTER INSERT ON columns
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_rows();
CREATE TRIGGER dataset_search_mark_update AFTER UPDATE ON columns
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_rows();
CREATE TRIGGER dataset_search_mark_delete AFTER DELETE ON columns
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_rows();
DROP TRIGGER dataset_search_mark ON findings;
CREATE TRIGGER dataset_search_mark_insert AFTER INSERT ON findings
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_rows();
CREATE TRIGGER dataset_search_mark_update AFTER UPDATE ON findings
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_rows();
CREATE TRIGGER dataset_search_mark_delete AFTER DELETE ON findings
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_rows();
DROP TRIGGER dataset_search_mark ON dataset_grades;
CREATE TRIGGER dataset_search_mark_insert AFTER INSERT ON dataset_grades
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_rows();
CREATE TRIGGER dataset_search_mark_update AFTER UPDATE ON dataset_grades
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION dataset_search_mark_rows();
"""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(""""
DROP TRIGGER dataset_search_mark_insert ON datasets;
CREATE TRIGGER dataset_search_mark AFTER INSERT ON datasets FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
DROP TRIGGER dataset_search_mark_insert ON rule_results;
CREATE TRIGGER dataset_search_mark AFTER INSERT ON rule_results FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
DROP TRIGGER dataset_search_mark_insert ON scores;
CREATE TRIGGER dataset_search_mark AFTER INSERT ON scores FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
DROP TRIGGER dataset_search_mark_insert ON schema_changes;
CREATE TRIGGER dataset_search_mark AFTER INSERT ON schema_changes FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
DROP TRIGGER dataset_search_mark_insert ON columns;
DROP TRIGGER dataset_search_mark_update ON columns;
DROP TRIGGER dataset_search_mark_delete ON columns;
CREATE TRIGGER dataset_search_mark AFTER INSERT OR UPDATE OR DELETE ON columns FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
DROP TRIGGER dataset_search_mark_insert ON findings;
DROP TRIGGER dataset_search_mark_update ON findings;
DROP TRIGGER dataset_search_mark_delete ON findings;
CREATE TRIGGER dataset_search_mark AFTER INSERT OR UPDATE OR DELETE ON findings FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
DROP TRIGGER dataset_search_mark_insert ON dataset_grades;
DROP TRIGGER dataset_search_mark_update ON dataset_grades;
CREATE TRIGGER dataset_search_mark AFTER INSERT OR UPDATE ON dataset_grades FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
DROP FUNCTION dataset_search_mark_rows();
DROP FUNCTION dataset_search_mark_new_datasets();
"""");
        }
    }
}
