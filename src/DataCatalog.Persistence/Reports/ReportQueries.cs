using DataCatalog.Core.Reports;

namespace DataCatalog.Persistence.Reports;

/// <summary>
/// The SQL of each report. Every query takes <c>@cutoff</c> (the first instant after the as-of day) and <c>@department</c>
/// (null for the city), reads only rows recorded before the cutoff, returns its columns in the report's order and
/// orders its rows completely, so the same scope gives the same bytes. Text sorts by code point (<c>COLLATE "C"</c>), so
/// the order does not depend on the server's locale either.
/// </summary>
public static class ReportQueries
{
    /// <summary>Datasets of the scope that existed on the day: first seen before the cutoff and not withdrawn at it
    /// (the last lifecycle change before the cutoff decides, so a dataset withdrawn later still counts).</summary>
    private const string AliveDatasets = """
        ds AS (
            SELECT d.id, d.source_id, d.qualified_name, dep.code AS department
            FROM datasets d
            JOIN sources s ON s.id = d.source_id
            JOIN departments dep ON dep.id = s.department_id
            WHERE d.first_seen_at < @cutoff
              AND (@department::text IS NULL OR dep.code = @department)
              AND COALESCE((SELECT c.kind FROM schema_changes c
                            WHERE c.dataset_id = d.id AND c.detected_at < @cutoff
                              AND c.kind IN ('DatasetAdded', 'DatasetWithdrawn', 'DatasetRestored')
                            ORDER BY c.detected_at DESC, c.id DESC LIMIT 1), 'DatasetAdded') <> 'DatasetWithdrawn'
        )
        """;

    /// <summary>Each finding's status on the day, from its events (the last transition before the cutoff).</summary>
    private const string FindingStatusAsOf = """
        fs AS (
            SELECT DISTINCT ON (e.finding_id) e.finding_id, lower(e."to") AS status
            FROM finding_events e
            WHERE e.at < @cutoff
            ORDER BY e.finding_id, e.at DESC, e.id DESC
        )
        """;

    /// <summary>The last scoring of each dataset before the cutoff (one scoring writes its results with one time): one
    /// backward step down <c>ix_rule_results_report_order</c> per dataset instead of aggregating every result.</summary>
    private const string LatestEvaluation = """
        latest AS (
            SELECT ds.id AS dataset_id, m.at
            FROM ds CROSS JOIN LATERAL (SELECT max(r.evaluated_at) AS at FROM rule_results r
                                        WHERE r.dataset_id = ds.id AND r.evaluated_at < @cutoff) m
            WHERE m.at IS NOT NULL
        )
        """;

    /// <summary>Per dimension, the average of the datasets' scores and the error rate over their counts (m0, m1 … m13).</summary>
    private static readonly string DimensionColumns = string.Join(",\n", new[] { "Completeness", "Validity", "Uniqueness", "Consistency", "Timeliness", "Accuracy", "Standardization" }
        .Select((d, i) => $"avg(sc.value) FILTER (WHERE sc.dimension = '{d}') AS m{2 * i}, "
                          + $"sum(sc.failing) FILTER (WHERE sc.dimension = '{d}')::float8 / NULLIF(sum(sc.examined) FILTER (WHERE sc.dimension = '{d}'), 0) AS m{2 * i + 1}"));

    /// <summary>The SQL of <paramref name="kind"/> (parameters <c>@cutoff</c>, <c>@department</c>; the audit trail also the chain's state).</summary>
    public static string For(string kind) => kind switch
    {
        ReportKinds.Compliance => Compliance,
        ReportKinds.RuleFailures => RuleFailures,
        ReportKinds.Waivers => Waivers,
        ReportKinds.PiiInventory => PiiInventory,
        ReportKinds.StandardTerms => StandardTerms,
        ReportKinds.AuditTrail => AuditTrailReport.Sql,
        _ => throw new ArgumentException(ReportKinds.Unknown(kind), nameof(kind)),
    };

    private static readonly string Compliance = $"""
        WITH {AliveDatasets},
        {FindingStatusAsOf},
        {LatestEvaluation},
        scored AS (
            SELECT s.dataset_id, max(s.computed_at) AS at
            FROM scores s JOIN ds ON ds.id = s.dataset_id
            WHERE s.computed_at < @cutoff
            GROUP BY s.dataset_id
        ),
        sc AS (
            SELECT ds.department, s.dataset_id, s.dimension, s.value, s.examined, s.failing
            FROM scores s JOIN scored l ON l.dataset_id = s.dataset_id AND l.at = s.computed_at JOIN ds ON ds.id = s.dataset_id
        ),
        std AS (
            SELECT ds.department, count(*) AS checked, count(*) FILTER (WHERE r.status = 'Passed') AS conformant
            FROM rule_results r JOIN latest l ON l.dataset_id = r.dataset_id AND l.at = r.evaluated_at JOIN ds ON ds.id = r.dataset_id
            WHERE r.kind = 'standard-term' AND r.status <> 'Skipped'
            GROUP BY ds.department
        ),
        open_findings AS (
            SELECT ds.department, f.severity, count(*) AS n
            FROM findings f JOIN fs ON fs.finding_id = f.id JOIN ds ON ds.id = f.dataset_id
            WHERE fs.status IN ('open', 'acknowledged', 'assigned')
            GROUP BY ds.department, f.severity
        ),
        harvests AS (
            SELECT s.department_id, s.id, max(r.finished_at) AS last_at
            FROM sources s
            LEFT JOIN harvest_runs r ON r.source_id = s.id AND r.finished_at < @cutoff AND r.status IN ('Succeeded', 'Partial')
            WHERE s.created_at < @cutoff
            GROUP BY s.department_id, s.id
        )
        SELECT dep.code, dep.name,
               (SELECT count(*) FROM ds WHERE ds.department = dep.code),
               agg.scored, agg.overall,
               agg.{string.Join(", agg.", Enumerable.Range(0, 14).Select(i => "m" + i))},
               COALESCE(std.checked, 0), COALESCE(std.conformant, 0), std.conformant::float8 / NULLIF(std.checked, 0),
               gr.a, gr.b, gr.c, gr.d, gr.e,
               fo.critical, fo.error, fo.warning, fo.info,
               hv.sources, hv.harvested, hv.harvested::float8 / NULLIF(hv.sources, 0), hv.last_at, hv.stale
        FROM departments dep
        LEFT JOIN LATERAL (
            SELECT count(DISTINCT sc.dataset_id) AS scored, avg(sc.value) FILTER (WHERE sc.dimension IS NULL) AS overall,
                   {DimensionColumns}
            FROM sc WHERE sc.department = dep.code) agg ON true
        LEFT JOIN std ON std.department = dep.code
        LEFT JOIN LATERAL (
            -- The grade a dataset held on the day: its last grading before the cutoff.
            SELECT count(*) FILTER (WHERE g.grade = 'A') AS a, count(*) FILTER (WHERE g.grade = 'B') AS b,
                   count(*) FILTER (WHERE g.grade = 'C') AS c, count(*) FILTER (WHERE g.grade = 'D') AS d,
                   count(*) FILTER (WHERE g.grade = 'E') AS e
            FROM ds JOIN LATERAL (SELECT h.grade FROM dataset_grade_history h
                                  WHERE h.dataset_id = ds.id AND h.computed_at < @cutoff
                                  ORDER BY h.computed_at DESC, h.id DESC LIMIT 1) g ON true
            WHERE ds.department = dep.code) gr ON true
        LEFT JOIN LATERAL (
            SELECT COALESCE(sum(o.n) FILTER (WHERE o.severity = 'Critical'), 0)::bigint AS critical,
                   COALESCE(sum(o.n) FILTER (WHERE o.severity = 'Error'), 0)::bigint AS error,
                   COALESCE(sum(o.n) FILTER (WHERE o.severity = 'Warning'), 0)::bigint AS warning,
                   COALESCE(sum(o.n) FILTER (WHERE o.severity = 'Info'), 0)::bigint AS info
            FROM open_findings o WHERE o.department = dep.code) fo ON true
        LEFT JOIN LATERAL (
            -- Stale: no successful harvest in the seven days before the cutoff.
            SELECT count(*) AS sources, count(h.last_at) AS harvested, max(h.last_at) AS last_at,
                   count(*) FILTER (WHERE h.last_at IS NULL OR h.last_at < @cutoff - interval '7 days') AS stale
            FROM harvests h WHERE h.department_id = dep.id) hv ON true
        WHERE dep.created_at < @cutoff AND (@department::text IS NULL OR dep.code = @department)
        ORDER BY dep.code COLLATE "C"
        """;

    // Walks the datasets in report order and, per dataset, its latest scoring's results down ix_rule_results_report_order
    // (one scoring writes a dataset's results together, so they lie on neighbouring pages), so the final ORDER BY is an
    // incremental sort of one dataset's rows at a time instead of a million-row sort spilling to disk. The sort keys are
    // selected as "C"-collated columns so that the planner sees the subquery's order. The findings of the scope and their
    // status as of the day are computed once (fx, from the scope's finding events only) and hash-joined, not looked up per row: fx is materialised so that the
    // hash table is built once for all datasets. column_key makes the finding's key hashable (IS NOT DISTINCT FROM is
    // not), the IS NOT DISTINCT FROM after it keeps a NULL column apart from an empty name. A finding key is unique
    // (NULLS NOT DISTINCT), so the left join adds no rows. The examples come out as jsonb and are joined in C#
    // (ReportExporter), which costs less than a string_agg over jsonb_array_elements_text per row.
    // work_mem for the per-dataset sorts and the hash table is set per export (ReportExporter.SessionSettings).
    private const string RuleFailures = $"""
        WITH {AliveDatasets},
        fx AS MATERIALIZED (
            -- Each finding of the scope with its status on the day: its last event before the cutoff (none: no status).
            SELECT DISTINCT ON (f.id) f.dataset_id, f.rule_id::text AS rule_id, COALESCE(f.column_name, '') AS column_key, f.column_name,
                   f.id, lower(e."to") AS status
            FROM findings f
            JOIN ds ON ds.id = f.dataset_id
            LEFT JOIN finding_events e ON e.finding_id = f.id AND e.at < @cutoff
            ORDER BY f.id, e.at DESC, e.id DESC
        )
        SELECT d.department, d.source_id, d.qualified_name, r.column_name, r.rule_id, r.kind, lower(r.dimension), lower(r.severity),
               lower(r.status), r.examined, r.failing,
               CASE WHEN r.examined > 0 THEN r.failing::float8 / r.examined END,
               r.measured, r.threshold, r.message, r.examples, r.evaluated_at, r.finding_id, r.finding_status
        FROM (
            SELECT ds.id, ds.department COLLATE "C" AS department, ds.source_id COLLATE "C" AS source_id,
                   ds.qualified_name COLLATE "C" AS qualified_name,
                   (SELECT max(x.evaluated_at) FROM rule_results x WHERE x.dataset_id = ds.id AND x.evaluated_at < @cutoff) AS at
            FROM ds
            ORDER BY 2, 3, 4
        ) d
        CROSS JOIN LATERAL (
            -- Only the columns the report prints: the rows that go through the sort stay narrow.
            SELECT r.id, r.column_name, r.rule_id, r.kind, r.dimension, r.severity, r.status, r.examined, r.failing,
                   r.measured, r.threshold, r.message, r.examples, r.evaluated_at, fx.id AS finding_id, fx.status AS finding_status
            FROM rule_results r
            -- "+ 0": without it the planner derives fx.dataset_id = d.id from r.dataset_id = d.id and filters all of fx
            -- again for every dataset (rebuilding the hash table each time) instead of hashing it once.
            LEFT JOIN fx ON fx.dataset_id = r.dataset_id + 0 AND fx.rule_id = r.rule_id AND fx.column_key = COALESCE(r.column_name, '')
                        AND fx.column_name IS NOT DISTINCT FROM r.column_name
            WHERE r.dataset_id = d.id AND r.evaluated_at = d.at AND r.status IN ('Failed', 'Warned')
            -- Keeps the subquery from being merged into the outer query (where the hash join would lose the datasets' order).
            OFFSET 0
        ) r
        ORDER BY d.department, d.source_id, d.qualified_name, r.rule_id COLLATE "C", r.column_name COLLATE "C" NULLS FIRST, r.id
        """;

    // A waiver's reason and expiry are written into its event's note by FindingActions ("waived until 2026-12-31: reason");
    // the expiry holds through the end of that day, UTC.
    private const string Waivers = $"""
        WITH {FindingStatusAsOf},
        w AS (
            SELECT e.id, e.finding_id, e.actor, e.at,
                   substring(e.note FROM '^waived until [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]: (.*)$') AS reason,
                   to_date(substring(e.note FROM '^waived until ([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9])'), 'YYYY-MM-DD') AS until
            FROM finding_events e
            WHERE e."to" = 'Waived' AND e.at < @cutoff
        )
        SELECT f.id, dep.code, d.source_id, d.qualified_name, f.column_name, f.rule_id, lower(f.severity), w.actor, w.at,
               w.reason, to_char(w.until, 'YYYY-MM-DD'),
               CASE WHEN w.until IS NULL THEN NULL ELSE @cutoff > (w.until + time '23:59:59') AT TIME ZONE 'UTC' END,
               fs.status
        FROM w
        JOIN findings f ON f.id = w.finding_id
        JOIN datasets d ON d.id = f.dataset_id
        JOIN sources s ON s.id = d.source_id
        JOIN departments dep ON dep.id = s.department_id
        LEFT JOIN fs ON fs.finding_id = f.id
        WHERE (@department::text IS NULL OR dep.code = @department)
        ORDER BY dep.code COLLATE "C", w.at, w.id
        """;

    // Columns added after the day are left out (their ColumnAdded change is after the cutoff); the class is the one
    // the last harvest found. Who may see: the department's stewards, auditors and admins, and only masked examples.
    private const string PiiInventory = $"""
        WITH {AliveDatasets}
        SELECT ds.department, ds.source_id, ds.qualified_name, c.name, c.pii_class,
               'steward:' || ds.department || '; auditor; admin (masked examples only)'
        FROM columns c JOIN ds ON ds.id = c.dataset_id
        WHERE c.pii_class NOT IN ('None', 'InstitutionalContact')
          AND NOT EXISTS (SELECT 1 FROM schema_changes x
                          WHERE x.dataset_id = c.dataset_id AND x.kind = 'ColumnAdded' AND x.column_name = c.name AND x.detected_at >= @cutoff)
        ORDER BY ds.department COLLATE "C", ds.source_id COLLATE "C", ds.qualified_name COLLATE "C", c.ordinal, c.name COLLATE "C"
        """;

    private const string StandardTerms = $"""
        WITH {AliveDatasets},
        {LatestEvaluation}
        SELECT ds.department, ds.source_id, ds.qualified_name, r.column_name, lower(r.status), r.status = 'Passed', r.message, r.evaluated_at
        FROM rule_results r
        JOIN latest l ON l.dataset_id = r.dataset_id AND l.at = r.evaluated_at
        JOIN ds ON ds.id = r.dataset_id
        WHERE r.kind = 'standard-term'
        ORDER BY ds.department COLLATE "C", ds.source_id COLLATE "C", ds.qualified_name COLLATE "C", r.column_name COLLATE "C" NULLS FIRST, r.id
        """;
}
