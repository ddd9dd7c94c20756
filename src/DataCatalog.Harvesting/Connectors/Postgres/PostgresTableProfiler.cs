using System.Globalization;
using System.Text;
using System.Text.Json;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Harvesting.Pipeline;
using Npgsql;

namespace DataCatalog.Harvesting.Connectors.Postgres;

/// <summary>Profiles a table inside its own database in one pass over its rows (per 100 columns), never pulling rows
/// out except a bounded sample of values for type and personal-data detection.</summary>
/// <remarks>
/// <para>One <c>GROUPING SETS</c> aggregate reads the table once and counts every (column, value) pair; everything
/// else (distinct counts, min/max, lengths, blanks, top values, patterns) is computed from those counts, so a
/// pattern is drawn once per distinct value rather than once per row, and the table is never rescanned per column.</para>
/// <para>Results are exact over the rows examined: the whole table up to <c>sampleAboveRows</c>, a
/// <c>TABLESAMPLE</c> above it, the first <c>viewRowLimit</c> rows of a view.</para>
/// </remarks>
internal sealed partial class PostgresTableProfiler(PostgresConnectorOptions options)
{
    private const int ColumnsPerStatement = 100;
    private const int SampleValues = 500;

    /// <summary>Rows read for the value sample: enough for <see cref="SampleValues"/> per column unless a column is mostly null.</summary>
    private const int SampleRows = 5_000;

    /// <summary>Tables below this many estimated rows are profiled several per round trip.</summary>
    public const long SmallTableRows = 10_000;

    /// <summary>Small tables profiled per round trip.</summary>
    public const int TablesPerBatch = 25;

    /// <summary>True when <paramref name="relation"/> is profiled in one cheap statement that can share a round trip.</summary>
    public static bool IsSmall(PostgresCatalogReader.Relation relation) =>
        relation.Kind == Core.Catalog.DatasetKind.Table && relation.EstimatedRows < SmallTableRows
        && relation.Columns.Count is > 0 and <= ColumnsPerStatement;

    /// <summary>Profiles small tables (see <see cref="IsSmall"/>) with one round trip for all of them: on a server with many
    /// small tables the round trips, not the statements, were the cost. Any error fails the whole batch; the caller
    /// then profiles its tables one by one, so the table at fault fails alone.</summary>
    public async Task<List<(IReadOnlyList<ColumnProfile> Profiles, long RowCount, bool Sampled)>> ProfileSmallAsync(
        NpgsqlConnection connection, IReadOnlyList<PostgresCatalogReader.Relation> relations, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        var sampled = new List<bool>(relations.Count);
        foreach (var relation in relations)
        {
            var (sql, isSampled) = BuildStatement(relation, relation.Columns);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
            sampled.Add(isSampled);
        }

        var all = new List<Dictionary<int, ColumnStats>>(relations.Count);
        using (HarvestStages.Measure("extract: profile SQL"))
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            for (var k = 0; k < relations.Count; k++)
            {
                if (k > 0)
                {
                    await reader.NextResultAsync(cancellationToken);
                }

                all.Add(await ReadStatsAsync(reader, cancellationToken));
            }
        }

        using var inMemory = HarvestStages.Measure("extract: profiles in memory");
        var results = new List<(IReadOnlyList<ColumnProfile>, long, bool)>(relations.Count);
        for (var k = 0; k < relations.Count; k++)
        {
            var stats = all[k];
            var columns = relations[k].Columns.ToArray();
            var rows = stats.Values.Select(s => s.Rows).DefaultIfEmpty(0).Max();
            var profiles = columns.Select((c, i) => ToProfile(stats.GetValueOrDefault(i) ?? ColumnStats.None(i), c, rows, sampled[k])).ToList();
            results.Add((profiles, sampled[k] ? relations[k].EstimatedRows : rows, sampled[k]));
        }

        return results;
    }

    private static async Task<Dictionary<int, ColumnStats>> ReadStatsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var stats = new Dictionary<int, ColumnStats>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var stat = ColumnStats.Read(reader);
            stats[stat.Index] = stat;
        }

        return stats;
    }

    public async Task<(IReadOnlyList<ColumnProfile> Profiles, long RowCount, bool Sampled)> ProfileAsync(
        NpgsqlConnection connection, PostgresCatalogReader.Relation relation, CancellationToken cancellationToken)
    {
        var profiles = new List<ColumnProfile>(relation.Columns.Count);
        long rows = 0;
        var sampled = false;
        var chunks = relation.Columns.Chunk(ColumnsPerStatement).ToList();
        if (chunks.Count == 0)
        {
            chunks.Add([]);
        }

        foreach (var chunk in chunks)
        {
            var (sql, isSampled) = BuildStatement(relation, chunk);
            await using var command = new NpgsqlCommand(sql, connection);
            Dictionary<int, ColumnStats> stats;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                stats = await ReadStatsAsync(reader, cancellationToken);
            }

            // Every column counts every row, so any column's total is the row count; a table without rows has no groups.
            rows = chunk.Length == 0 ? stats.GetValueOrDefault(-1)?.Rows ?? 0 : stats.Values.Select(s => s.Rows).DefaultIfEmpty(0).Max();
            // A view was cut only if it filled its limit.
            isSampled = relation.Kind == Core.Catalog.DatasetKind.View ? rows >= options.ViewRowLimit : isSampled;
            sampled |= isSampled;
            for (var i = 0; i < chunk.Length; i++)
            {
                profiles.Add(ToProfile(stats.GetValueOrDefault(i) ?? ColumnStats.None(i), chunk[i], rows, isSampled));
            }
        }

        var rowCount = sampled && relation.Kind == Core.Catalog.DatasetKind.Table ? relation.EstimatedRows : rows;
        return (profiles, rowCount, sampled);
    }

    /// <summary>Builds the profiling statement: one row per column. Every identifier is quoted, and no value is interpolated.</summary>
    internal (string Sql, bool Sampled) BuildStatement(PostgresCatalogReader.Relation relation, IReadOnlyList<PostgresCatalogReader.RelationColumn> columns)
    {
        var table = Quote(relation.Schema) + "." + Quote(relation.Name);
        string from;
        var sampled = false;
        if (relation.Kind == Core.Catalog.DatasetKind.View)
        {
            // A view has no blocks to sample; its first rows stand in. Materialized, so the view is computed once.
            from = $"(SELECT * FROM {table} LIMIT {options.ViewRowLimit.ToString(CultureInfo.InvariantCulture)}) AS src";
            sampled = true;
        }
        else if (relation.EstimatedRows > options.SampleAboveRows)
        {
            var percent = Math.Clamp(100d * options.SampleRows / relation.EstimatedRows, 0.0001, 100d);
            from = $"{table} AS src TABLESAMPLE SYSTEM ({percent.ToString("0.####", CultureInfo.InvariantCulture)}) REPEATABLE (42)";
            sampled = true;
        }
        else
        {
            from = table + " AS src";
        }

        var sql = new StringBuilder();
        sql.Append("WITH t AS ").Append(sampled ? "MATERIALIZED " : "NOT MATERIALIZED ").Append("(SELECT * FROM ").Append(from).Append(")\n");
        if (columns.Count == 0)
        {
            sql.Append("SELECT -1, count(*), 0::bigint, 0::bigint, NULL::text, NULL::text, NULL::int, NULL::int, 0::bigint, '[]', '[]', NULL::text[] FROM t");
            return (sql.ToString(), sampled);
        }

        var top = options.TopValues.ToString(CultureInfo.InvariantCulture);
        var keys = Enumerable.Range(0, columns.Count).Select(i => "k" + i.ToString(CultureInfo.InvariantCulture)).ToList();

        // g: (column index, value, rows holding it) from one scan; a column's NULLs form its own group.
        sql.Append(", g AS MATERIALIZED (\n  SELECT ");
        if (columns.Count > 1)
        {
            sql.Append("CASE");
            for (var i = 0; i < columns.Count - 1; i++)
            {
                sql.Append(" WHEN GROUPING(").Append(keys[i]).Append(") = 0 THEN ").Append(i.ToString(CultureInfo.InvariantCulture));
            }

            sql.Append(" ELSE ");
        }

        sql.Append((columns.Count - 1).ToString(CultureInfo.InvariantCulture)).Append(columns.Count > 1 ? " END" : "").Append(" AS i, ")
           .Append(string.Join(", ", keys)).Append(", count(*) AS n\n  FROM (SELECT ");
        for (var i = 0; i < columns.Count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(GroupKey(columns[i], "s." + Quote(columns[i].Snapshot.Name))).Append(" AS ").Append(keys[i]);
        }

        sql.Append(" FROM t AS s) AS s\n  GROUP BY GROUPING SETS (").Append(string.Join(", ", keys.Select(k => $"({k})"))).Append("))\n");

        // gv: the same groups with the value as text, as the catalog stores it.
        sql.Append(", gv AS NOT MATERIALIZED (SELECT CASE i");
        for (var i = 0; i < columns.Count; i++)
        {
            sql.Append(" WHEN ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(" THEN ").Append(keys[i]).Append("::text");
        }

        sql.Append(" END AS v, g.* FROM g)\n");

        // stats: counts, lengths and extremes per column; min/max in the column's own type (numbers numerically, dates in time).
        sql.Append(", stats AS (SELECT i, sum(n)::bigint AS rows, coalesce(sum(n) FILTER (WHERE v IS NOT NULL), 0)::bigint AS nonnull, count(v) AS distinct_values, CASE i");
        for (var i = 0; i < columns.Count; i++)
        {
            if (IsOrderable(columns[i]))
            {
                sql.Append(" WHEN ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(" THEN min(").Append(Typed(columns[i], keys[i])).Append(")::text");
            }
        }

        sql.Append(" END AS min, CASE i");
        for (var i = 0; i < columns.Count; i++)
        {
            if (IsOrderable(columns[i]))
            {
                sql.Append(" WHEN ").Append(i.ToString(CultureInfo.InvariantCulture)).Append(" THEN max(").Append(Typed(columns[i], keys[i])).Append(")::text");
            }
        }

        sql.Append(" END AS max, min(length(v)) AS min_length, max(length(v)) AS max_length, coalesce(sum(n) FILTER (WHERE btrim(v) = ''), 0)::bigint AS blanks FROM gv GROUP BY i)\n");
        // Top values per column with LIMIT: a bounded top-N sort per column is far cheaper than sorting every group
        // (a unique column ties on every count, so a full sort compares every value's text).
        sql.Append(", top AS (SELECT c.i, (SELECT json_agg(json_build_array(x.v, x.n) ORDER BY x.n DESC, x.v)::text FROM (SELECT v, n FROM gv WHERE gv.i = c.i AND v IS NOT NULL ORDER BY n DESC, v LIMIT ")
           .Append(top).Append(") x) AS top FROM generate_series(0, ").Append((columns.Count - 1).ToString(CultureInfo.InvariantCulture)).Append(") AS c(i))\n");
        sql.Append(", patterns AS (SELECT i, json_agg(json_build_array(p, n) ORDER BY r)::text AS patterns FROM (SELECT i, p, n, row_number() OVER (PARTITION BY i ORDER BY n DESC, p) AS r FROM (SELECT i, ");
        var plain = Enumerable.Range(0, columns.Count).Where(i => GroupedAsIs.Contains(columns[i].Snapshot.DataType)).ToList();
        if (plain.Count > 0)
        {
            // Numbers, dates, times and booleans print in ASCII and short: no Hangul to look for, nothing to cut.
            sql.Append("CASE WHEN i IN (").Append(string.Join(", ", plain.Select(i => i.ToString(CultureInfo.InvariantCulture))))
               .Append(") THEN ").Append(PatternSql.OfAscii("v")).Append(" ELSE ");
        }

        sql.Append(PatternSql.Of("v")).Append(plain.Count > 0 ? " END" : "").Append(" AS p, sum(n)::bigint AS n FROM gv WHERE v IS NOT NULL GROUP BY 1, 2) a) x WHERE r <= ")
           .Append(top).Append(" GROUP BY i)\n");

        // sample: the first non-null values of each column in scan order, for type and personal-data detection in memory.
        sql.Append(", sample AS (SELECT u.i, (array_agg(u.v ORDER BY x.rn) FILTER (WHERE u.v IS NOT NULL))[1:")
           .Append(SampleValues.ToString(CultureInfo.InvariantCulture)).Append("] AS sample FROM (SELECT ");
        for (var i = 0; i < columns.Count; i++)
        {
            sql.Append("s.").Append(Quote(columns[i].Snapshot.Name)).Append("::text AS ").Append(keys[i]).Append(", ");
        }

        sql.Append("row_number() OVER () AS rn FROM (SELECT * FROM t LIMIT ").Append(SampleRows.ToString(CultureInfo.InvariantCulture))
           .Append(") AS s) AS x CROSS JOIN LATERAL (VALUES ")
           .Append(string.Join(", ", keys.Select((k, i) => $"({i.ToString(CultureInfo.InvariantCulture)}, x.{k})"))).Append(") AS u(i, v) GROUP BY u.i)\n");
        sql.Append("SELECT s.i, s.rows, s.nonnull, s.distinct_values, s.min, s.max, s.min_length, s.max_length, s.blanks, coalesce(tp.top, '[]'), coalesce(p.patterns, '[]'), sm.sample\n")
           .Append("FROM stats s LEFT JOIN top tp USING (i) LEFT JOIN patterns p USING (i) LEFT JOIN sample sm USING (i) ORDER BY s.i");
        return (sql.ToString(), sampled);
    }

    /// <summary>Types whose values and text are one to one are grouped as they are (hashing an integer is cheaper than
    /// its text); every other type is grouped by its text, which is what distinct counts and top values have always meant.</summary>
    private static readonly HashSet<string> GroupedAsIs = new(StringComparer.Ordinal)
    {
        "smallint", "integer", "bigint", "boolean", "date", "timestamp without time zone", "timestamp with time zone",
    };

    private static string GroupKey(PostgresCatalogReader.RelationColumn column, string expression) =>
        GroupedAsIs.Contains(column.Snapshot.DataType) ? expression : expression + "::text";

    private static string Typed(PostgresCatalogReader.RelationColumn column, string key) =>
        GroupedAsIs.Contains(column.Snapshot.DataType) ? key : $"{key}::{column.Snapshot.DataType}";

    private static bool IsOrderable(PostgresCatalogReader.RelationColumn column) => column.TypeCategory is 'N' or 'D' or 'S';

    private static ColumnProfile ToProfile(ColumnStats stats, PostgresCatalogReader.RelationColumn column, long rows, bool sampled)
    {
        var empty = column.TypeCategory == 'S' ? stats.Blanks : 0;
        var top = stats.Top;
        var patterns = stats.Patterns;

        // The inferred type and personal data come from a bounded sample of values, profiled in memory.
        var sampleProfiler = new ColumnProfiler(column.Snapshot.Name);
        foreach (var value in stats.Sample)
        {
            sampleProfiler.Add(value);
        }

        var fromSample = sampleProfiler.Build();
        var pii = fromSample.Pii;
        var distinctIsEstimate = sampled;
        if (sampled && stats.NonNull > 0 && stats.Distinct >= 0.95 * stats.NonNull)
        {
            // A sample of an (almost) unique column says little more than "unique": keep the count, flag it as an estimate.
            distinctIsEstimate = true;
        }

        return fromSample with
        {
            Rows = rows,
            Nulls = rows - stats.NonNull,
            Empty = empty,
            Distinct = stats.Distinct,
            DistinctIsEstimate = distinctIsEstimate,
            // Personal columns show no extremes, only masked values shared by two rows, and collapsed patterns.
            Min = pii.IsPersonal() ? null : stats.Min,
            Max = pii.IsPersonal() ? null : stats.Max,
            MinLength = stats.MinLength,
            MaxLength = stats.MaxLength,
            TopValues = ProfilePrivacy.TopValues(top.Select(v => KeyValuePair.Create(v.Value, v.Count)), pii, int.MaxValue),
            Patterns = ProfilePrivacy.Patterns(patterns.Select(v => KeyValuePair.Create(v.Value, v.Count)), pii, int.MaxValue),
            Sampled = sampled,
        };
    }

    private static List<ValueCount> ParseTop(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(pair => new ValueCount(pair[0].GetString() ?? "", pair[1].GetInt64()))
            .ToList();
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>One row of the profiling statement, or the same figures computed from a small table's rows (<see cref="FromRows"/>).</summary>
    internal sealed record ColumnStats(
        int Index, long Rows, long NonNull, long Distinct, string? Min, string? Max, int? MinLength, int? MaxLength, long Blanks,
        IReadOnlyList<ValueCount> Top, IReadOnlyList<ValueCount> Patterns, IReadOnlyList<string> Sample)
    {
        public static ColumnStats None(int index) => new(index, 0, 0, 0, null, null, null, null, 0, [], [], []);

        public static ColumnStats Read(NpgsqlDataReader reader) => new(
            reader.GetInt32(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.GetInt64(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetInt32(6),
            reader.IsDBNull(7) ? null : reader.GetInt32(7),
            reader.GetInt64(8),
            ParseTop(reader.GetString(9)),
            ParseTop(reader.GetString(10)),
            reader.IsDBNull(11) ? [] : reader.GetFieldValue<string[]>(11));
    }
}
