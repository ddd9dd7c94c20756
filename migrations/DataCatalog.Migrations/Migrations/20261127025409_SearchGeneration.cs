using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataCatalog.Migrations.Migrations
{
    /// <summary>
    /// A generation number on the search documents, so a host's in-memory search index reads only what changed since
    /// it last looked (<c>Persistence/Search/SearchIndex</c>). Each statement that writes <c>dataset_search</c> takes the
    /// next generation from the one row of <c>search_generation</c> and keeps that row locked to its commit, so
    /// generations become visible in the order they were taken: a reader that sees generation G has every document of
    /// a generation at most G.
    /// </summary>
    public partial class SearchGeneration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(""""
CREATE TABLE search_generation (
    id integer PRIMARY KEY CHECK (id = 1),
    generation bigint NOT NULL
);
INSERT INTO search_generation (id, generation) VALUES (1, 1);

ALTER TABLE dataset_search ADD COLUMN generation bigint NOT NULL DEFAULT 1;
CREATE INDEX ix_dataset_search_generation ON dataset_search (generation);

-- The documents are written at commit (the deferred flush), so the row lock taken here is held only for the commit
-- itself: concurrent harvests queue on it for that moment, not for their whole run.
CREATE FUNCTION search_generation_next() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
DECLARE
    next bigint;
BEGIN
    UPDATE search_generation SET generation = generation + 1 WHERE id = 1 RETURNING generation INTO next;
    PERFORM set_config('datacatalog.search_generation', next::text, true);
    RETURN NULL;
END
$fn$;

CREATE FUNCTION search_generation_stamp() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.generation := current_setting('datacatalog.search_generation')::bigint;
    RETURN NEW;
END
$fn$;

-- A delete (a dataset's cascade) takes a generation too: a host that sees it counts the documents again.
CREATE TRIGGER search_generation_next BEFORE INSERT OR UPDATE OR DELETE ON dataset_search
    FOR EACH STATEMENT EXECUTE FUNCTION search_generation_next();
CREATE TRIGGER search_generation_stamp BEFORE INSERT OR UPDATE ON dataset_search
    FOR EACH ROW EXECUTE FUNCTION search_generation_stamp();
"""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(""""
DROP TRIGGER IF EXISTS search_generation_stamp ON dataset_search;
DROP TRIGGER IF EXISTS search_generation_next ON dataset_search;
DROP FUNCTION IF EXISTS search_generation_stamp();
DROP FUNCTION IF EXISTS search_generation_next();
DROP INDEX IF EXISTS ix_dataset_search_generation;
ALTER TABLE dataset_search DROP COLUMN IF EXISTS generation;
DROP TABLE IF EXISTS search_generation;
"""");
        }
    }
}
