using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataCatalog.Migrations.Migrations
{
    /// <summary>
    /// A compact rank vector per search document (<c>dataset_search.rank_words</c>): title (A), name, keywords and theme
    /// (B), description (C) and the first 64 column names with the standard terms they bear (D). A search
    /// still matches on the whole <c>words</c> through its GIN index but ranks on this vector, which stays in the heap row
    /// (storage MAIN), instead of de-TOASTing every match's whole document. Kept by the same refresh the triggers call.
    /// </summary>
    public partial class SearchRankVector : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(""""
ALTER TABLE dataset_search ADD COLUMN rank_words tsvector NOT NULL DEFAULT ''::tsvector;
-- MAIN: kept in the row (compressed only as a last resort), so ranking a match reads no TOAST; the large words and
-- document values are the ones moved out when a row grows past the TOAST threshold.
ALTER TABLE dataset_search ALTER COLUMN rank_words SET STORAGE MAIN;

-- The column part keeps its positions (weight D): a weight-restricted query (the title test, 'x':A) matches a
-- stripped lexeme at any weight.
CREATE OR REPLACE FUNCTION dataset_search_refresh(ids bigint[]) RETURNS void
    LANGUAGE sql AS $fn$
    INSERT INTO dataset_search AS t (dataset_id, status, source_id, department_code, source_kind, dataset_kind, name, title,
        document, words, rank_words, latest_score, dimension_scores, grade, open_findings, pii_classes, update_cycle,
        standard_conformance, changed_at)
    SELECT d.id, d.status, d.source_id, dep.code, s.kind, d.kind, coalesce(nullif(d.title, ''), d.qualified_name), coalesce(d.title, ''),
        concat_ws(' ', d.title, d.qualified_name, d.description, array_to_string(d.keywords, ' '), d.theme, col.text, array_to_string(term.names, ' ')),
        setweight(search_words_of(d.title), 'A')
            || setweight(search_words_of(concat_ws(' ', d.qualified_name, d.description, array_to_string(d.keywords, ' '), d.theme)), 'B')
            || setweight(search_words_of(concat_ws(' ', col.text, array_to_string(term.names, ' '))), 'C'),
        setweight(search_words_of(d.title), 'A')
            || setweight(search_words_of(concat_ws(' ', d.qualified_name, array_to_string(d.keywords, ' '), d.theme)), 'B')
            || setweight(search_words_of(d.description), 'C')
            || setweight(search_words_of(concat_ws(' ', array_to_string(col.names[1:64], ' '), array_to_string(term.names[1:64], ' '))), 'D'),
        d.latest_score, coalesce(sc.scores, '{}'), g.grade, coalesce(f.open, 0), coalesce(col.pii, '{}'), d.update_cycle,
        rr.conformance, greatest(d.first_seen_at, ch.last_change)
    FROM datasets d
    JOIN sources s ON s.id = d.source_id
    JOIN departments dep ON dep.id = s.department_id
    LEFT JOIN dataset_grades g ON g.dataset_id = d.id
    LEFT JOIN LATERAL (
        SELECT string_agg(concat_ws(' ', c.name, c.description), ' ' ORDER BY c.ordinal) AS text,
               array_agg(DISTINCT c.pii_class::text) FILTER (WHERE c.pii_class <> 'None') AS pii,
               array_agg(c.name ORDER BY c.ordinal) AS names
        FROM columns c WHERE c.dataset_id = d.id) col ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(DISTINCT t.name) AS names
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
        title = excluded.title, document = excluded.document, words = excluded.words, rank_words = excluded.rank_words,
        latest_score = excluded.latest_score, dimension_scores = excluded.dimension_scores, grade = excluded.grade,
        open_findings = excluded.open_findings, pii_classes = excluded.pii_classes, update_cycle = excluded.update_cycle,
        standard_conformance = excluded.standard_conformance, changed_at = excluded.changed_at;

    INSERT INTO search_words (word)
    SELECT DISTINCT w.lexeme
    FROM dataset_search t CROSS JOIN LATERAL unnest(t.words) AS w
    WHERE t.dataset_id = ANY (ids) AND length(w.lexeme) >= 3
      AND NOT EXISTS (SELECT 1 FROM search_words x WHERE x.word = w.lexeme);
$fn$;

-- The rank vectors of an existing catalog, built here rather than by the deferred trigger: rewriting every document
-- under its two GIN indexes inserts each document's words and trigrams again (100,000 datasets: unfinished after 11
-- minutes here); refreshing without them and rebuilding them took 2.5 minutes.
DROP INDEX ix_dataset_search_words;
DROP INDEX ix_dataset_search_document_trgm;
-- In a DO block so the idempotent script (catalog.sql, which wraps each migration in PL/pgSQL) runs it too.
DO $refresh$ BEGIN PERFORM dataset_search_refresh(ARRAY(SELECT dataset_id FROM dataset_search ORDER BY dataset_id)); END $refresh$;
CREATE INDEX ix_dataset_search_words ON dataset_search USING gin (words) WITH (fastupdate = off);
CREATE INDEX ix_dataset_search_document_trgm ON dataset_search USING gin (document gin_trgm_ops) WITH (fastupdate = off);
"""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(""""
CREATE OR REPLACE FUNCTION dataset_search_refresh(ids bigint[]) RETURNS void
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

ALTER TABLE dataset_search DROP COLUMN IF EXISTS rank_words;
"""");
        }
    }
}
