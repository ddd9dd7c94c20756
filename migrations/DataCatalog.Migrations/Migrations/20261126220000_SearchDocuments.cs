using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataCatalog.Migrations.Migrations
{
    /// <summary>
    /// One search document per dataset (<c>dataset_search</c>): its words (tsvector with Hangul bigrams, so Korean
    /// substrings are whole lexemes), its text for trigrams, and the values searches filter, sort and facet on.
    /// Kept by triggers that mark touched datasets and rebuild each once at commit; not in the EF model because only
    /// the database writes it and only raw SQL reads it (Persistence/Search).
    /// </summary>
    public partial class SearchDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(""""
CREATE FUNCTION search_hangul_bigrams(input text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT coalesce(string_agg(CASE WHEN length(m[1]) = 1 THEN m[1] ELSE substr(m[1], i, 2) END, ' '), '')
    FROM regexp_matches(coalesce(input, ''), '([가-힣]+)', 'g') AS m
    CROSS JOIN LATERAL generate_series(1, greatest(length(m[1]) - 1, 1)) AS i
$fn$;

CREATE FUNCTION search_words_of(input text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT to_tsvector('simple', translate(coalesce(input, ''), '._/', '   ') || ' ' || search_hangul_bigrams(input))
$fn$;

CREATE TABLE dataset_search (
    dataset_id bigint PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
    status character varying(16) NOT NULL,
    source_id character varying(64) NOT NULL,
    department_code character varying(64) NOT NULL,
    source_kind character varying(32) NOT NULL,
    dataset_kind character varying(32) NOT NULL,
    name text NOT NULL,
    title text NOT NULL,
    document text NOT NULL,
    words tsvector NOT NULL,
    latest_score double precision,
    dimension_scores jsonb NOT NULL,
    grade character varying(1),
    open_findings integer NOT NULL,
    pii_classes text[] NOT NULL,
    update_cycle text,
    standard_conformance double precision,
    changed_at timestamp with time zone NOT NULL
);
-- fastupdate off: a harvest's documents go straight into the index, so a search never scans a long pending list
-- (nor does the planner price one in).
CREATE INDEX ix_dataset_search_words ON dataset_search USING gin (words) WITH (fastupdate = off);
CREATE INDEX ix_dataset_search_document_trgm ON dataset_search USING gin (document gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX ix_dataset_search_name ON dataset_search (status, name COLLATE "C", dataset_id);
CREATE INDEX ix_dataset_search_score ON dataset_search (status, (coalesce(latest_score, -1)) DESC, dataset_id);
CREATE INDEX ix_dataset_search_changed ON dataset_search (status, changed_at DESC, dataset_id);

-- Distinct words of the documents for typo suggestions: a misspelt word is compared with a few tens of thousands
-- of words rather than with every document. Not unique on purpose: concurrent harvests may both add a new word,
-- and a unique key would make them wait on (or deadlock with) each other; a duplicate costs nothing.
CREATE TABLE search_words (word text NOT NULL);
CREATE INDEX ix_search_words_word ON search_words (word);
CREATE INDEX ix_search_words_trgm ON search_words USING gin (word gin_trgm_ops);

CREATE FUNCTION dataset_search_refresh(ids bigint[]) RETURNS void
    LANGUAGE sql AS $fn$
    INSERT INTO dataset_search AS t (dataset_id, status, source_id, department_code, source_kind, dataset_kind, name, title,
        document, words, latest_score, dimension_scores, grade, open_findings, pii_classes, update_cycle,
        standard_conformance, changed_at)
    SELECT d.id, d.status, d.source_id, dep.code, s.kind, d.kind, coalesce(nullif(d.title, ''), d.qualified_name), coalesce(d.title, ''),
        concat_ws(' ', d.title, d.qualified_name, d.description, array_to_string(d.keywords, ' '), d.theme, col.text, term.names),
        setweight(search_words_of(d.title), 'A')
            || setweight(search_words_of(concat_ws(' ', d.qualified_name, d.description, array_to_string(d.keywords, ' '), d.theme)), 'B')
            || setweight(search_words_of(concat_ws(' ', col.text, term.names)), 'C'),
        d.latest_score, coalesce(sc.scores, '{}'), g.grade, coalesce(f.open, 0), coalesce(col.pii, '{}'), d.update_cycle,
        rr.conformance, greatest(d.first_seen_at, ch.last_change)
    FROM datasets d
    JOIN sources s ON s.id = d.source_id
    JOIN departments dep ON dep.id = s.department_id
    LEFT JOIN dataset_grades g ON g.dataset_id = d.id
    LEFT JOIN LATERAL (
        SELECT string_agg(concat_ws(' ', c.name, c.description), ' ' ORDER BY c.ordinal) AS text,
               array_agg(DISTINCT c.pii_class::text) FILTER (WHERE c.pii_class <> 'None') AS pii
        FROM columns c WHERE c.dataset_id = d.id) col ON true
    LEFT JOIN LATERAL (
        SELECT string_agg(DISTINCT t.name, ' ') AS names
        FROM columns c JOIN standard_terms t ON upper(t.abbreviation) = upper(c.name) AND NOT t.retired
        WHERE c.dataset_id = d.id) term ON true
    LEFT JOIN LATERAL (
        SELECT jsonb_object_agg(x.dimension, x.value) AS scores
        FROM scores x
        WHERE x.dataset_id = d.id AND x.dimension IS NOT NULL
          AND x.harvest_run_id = (SELECT max(y.harvest_run_id) FROM scores y WHERE y.dataset_id = d.id)) sc ON true
    LEFT JOIN LATERAL (
        SELECT count(*)::int AS open FROM findings x
        WHERE x.dataset_id = d.id AND x.status IN ('Open', 'Acknowledged', 'Assigned')) f ON true
    LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE x.status = 'Passed')::double precision
               / nullif(count(*) FILTER (WHERE x.status IN ('Passed', 'Warned', 'Failed')), 0) AS conformance
        FROM rule_results x
        WHERE x.dataset_id = d.id AND x.kind = 'standard-term'
          AND x.harvest_run_id = (SELECT max(y.harvest_run_id) FROM rule_results y WHERE y.dataset_id = d.id)) rr ON true
    LEFT JOIN LATERAL (
        SELECT max(x.detected_at) AS last_change FROM schema_changes x WHERE x.dataset_id = d.id) ch ON true
    WHERE d.id = ANY (ids)
    ORDER BY d.id
    ON CONFLICT (dataset_id) DO UPDATE SET
        status = excluded.status, source_id = excluded.source_id, department_code = excluded.department_code,
        source_kind = excluded.source_kind, dataset_kind = excluded.dataset_kind, name = excluded.name,
        title = excluded.title, document = excluded.document, words = excluded.words,
        latest_score = excluded.latest_score, dimension_scores = excluded.dimension_scores, grade = excluded.grade,
        open_findings = excluded.open_findings, pii_classes = excluded.pii_classes, update_cycle = excluded.update_cycle,
        standard_conformance = excluded.standard_conformance, changed_at = excluded.changed_at;

    INSERT INTO search_words (word)
    SELECT DISTINCT w.lexeme
    FROM dataset_search t CROSS JOIN LATERAL unnest(t.words) AS w
    WHERE t.dataset_id = ANY (ids) AND length(w.lexeme) >= 3
      AND NOT EXISTS (SELECT 1 FROM search_words x WHERE x.word = w.lexeme);
$fn$;

-- Datasets touched by the current transaction; their documents are rebuilt once, at commit (below), however
-- many statements touched them.
CREATE UNLOGGED TABLE dataset_search_pending (
    txid bigint NOT NULL,
    dataset_id bigint NOT NULL,
    PRIMARY KEY (txid, dataset_id)
);

CREATE FUNCTION dataset_search_mark() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
DECLARE
    id bigint;
BEGIN
    IF TG_TABLE_NAME = 'datasets' THEN
        id := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        id := OLD.dataset_id;
    ELSE
        id := NEW.dataset_id;
    END IF;
    INSERT INTO dataset_search_pending (txid, dataset_id) VALUES (txid_current(), id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$fn$;

CREATE FUNCTION dataset_search_flush() RETURNS trigger
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

CREATE CONSTRAINT TRIGGER dataset_search_flush AFTER INSERT ON dataset_search_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dataset_search_flush();

CREATE TRIGGER dataset_search_mark AFTER INSERT ON datasets FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
-- A harvest touches every dataset it sees (last seen run and time); only what the document holds rebuilds it.
CREATE TRIGGER dataset_search_mark_update AFTER UPDATE ON datasets FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description
        OR OLD.qualified_name IS DISTINCT FROM NEW.qualified_name OR OLD.keywords IS DISTINCT FROM NEW.keywords
        OR OLD.theme IS DISTINCT FROM NEW.theme OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.update_cycle IS DISTINCT FROM NEW.update_cycle OR OLD.latest_score IS DISTINCT FROM NEW.latest_score
        OR OLD.source_id IS DISTINCT FROM NEW.source_id OR OLD.kind IS DISTINCT FROM NEW.kind)
    EXECUTE FUNCTION dataset_search_mark();
CREATE TRIGGER dataset_search_mark AFTER INSERT OR UPDATE OR DELETE ON columns FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
CREATE TRIGGER dataset_search_mark AFTER INSERT ON scores FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
CREATE TRIGGER dataset_search_mark AFTER INSERT OR UPDATE OR DELETE ON findings FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
CREATE TRIGGER dataset_search_mark AFTER INSERT OR UPDATE ON dataset_grades FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
CREATE TRIGGER dataset_search_mark AFTER INSERT ON schema_changes FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();
CREATE TRIGGER dataset_search_mark AFTER INSERT ON rule_results FOR EACH ROW EXECUTE FUNCTION dataset_search_mark();

-- Columns as results: names and descriptions (Korean substrings through bigrams), and the standard terms whose
-- abbreviation is the column's name.
CREATE INDEX ix_columns_search_words ON columns USING gin (search_words_of(name || ' ' || coalesce(description, ''))) WITH (fastupdate = off);
CREATE INDEX ix_columns_upper_name ON columns (upper(name));
CREATE INDEX ix_standard_terms_upper_abbreviation ON standard_terms (upper(abbreviation));

-- The documents of an existing catalog are built when this migration commits (the deferred trigger above).
INSERT INTO dataset_search_pending (txid, dataset_id) SELECT txid_current(), id FROM datasets;
"""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(""""
DROP INDEX IF EXISTS ix_standard_terms_upper_abbreviation;
DROP INDEX IF EXISTS ix_columns_upper_name;
DROP INDEX IF EXISTS ix_columns_search_words;
DROP TRIGGER IF EXISTS dataset_search_mark ON rule_results;
DROP TRIGGER IF EXISTS dataset_search_mark ON schema_changes;
DROP TRIGGER IF EXISTS dataset_search_mark ON dataset_grades;
DROP TRIGGER IF EXISTS dataset_search_mark ON findings;
DROP TRIGGER IF EXISTS dataset_search_mark ON scores;
DROP TRIGGER IF EXISTS dataset_search_mark ON columns;
DROP TRIGGER IF EXISTS dataset_search_mark_update ON datasets;
DROP TRIGGER IF EXISTS dataset_search_mark ON datasets;
DROP TABLE IF EXISTS dataset_search_pending;
DROP FUNCTION IF EXISTS dataset_search_flush();
DROP FUNCTION IF EXISTS dataset_search_mark();
DROP FUNCTION IF EXISTS dataset_search_refresh(bigint[]);
DROP TABLE IF EXISTS search_words;
DROP TABLE IF EXISTS dataset_search;
DROP FUNCTION IF EXISTS search_words_of(text);
DROP FUNCTION IF EXISTS search_hangul_bigrams(text);
"""");
        }
    }
}
