using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataCatalog.Migrations.Migrations
{
    /// <summary>
    /// The deferred flush takes the generation row before it reads what it rebuilds the documents from. The lock used
    /// to be taken by the documents' statement trigger, after the rebuilding statement had taken its snapshot, so of
    /// two transactions that changed one dataset (say a new column and a new title) and committed together, the second
    /// rebuilt the document from a snapshot without the first's change and overwrote it: the column was lost to search.
    /// </summary>
    public partial class SearchFlushLocksGenerationBeforeReading : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(""""
CREATE OR REPLACE FUNCTION dataset_search_flush() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
DECLARE
    ids bigint[];
BEGIN
    WITH done AS (DELETE FROM dataset_search_pending WHERE txid = txid_current() RETURNING dataset_id)
    SELECT array_agg(dataset_id) INTO ids FROM done;
    IF ids IS NOT NULL THEN
        -- Committers queue here, and the rebuild below takes its snapshot only once this one's turn has come, so it
        -- sees every document change committed before it (search_generation_next would take the lock too late).
        PERFORM 1 FROM search_generation WHERE id = 1 FOR UPDATE;
        PERFORM dataset_search_refresh(ids);
    END IF;
    RETURN NULL;
END
$fn$;
"""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(""""
CREATE OR REPLACE FUNCTION dataset_search_flush() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
DECLARE
    ids bigint[];
BEGIN
    WITH done AS (DELETE FROM dataset_search_pending WHERE txid = txid_current() RETURNING dataset_id)
    SELECT array_agg(dataset_id) INTO ids FROM done;
    IF ids IS NOT NULL THEN
        PERFORM dataset_search_refresh(ids);
    END IF;
    RETURN NULL;
END
$fn$;
"""");
        }
    }
}
