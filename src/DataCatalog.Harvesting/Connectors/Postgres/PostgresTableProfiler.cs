using System.Globalization;
using System.Text;
using System.Text.Json;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using Npgsql;

namespace DataCatalog.Harvesting.Connectors.Postgres;

/// <summary>Profiles a table inside its own database: one aggregate statement per table (per 100 columns), never
/// pulling rows out except a bounded sample of values for pattern and personal-data detection.</summary>
internal sealed class PostgresTableProfiler(PostgresConnectorOptions options)
{
    private const int ColumnsPerStatement = 100;
    private const int SampleValues = 500;

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
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var timeout = new NpgsqlCommand($"SET LOCAL statement_timeout = {(int)options.StatementTimeout.TotalMilliseconds}", connection, transaction))
            {
                await timeout.ExecuteNonQueryAsync(cancellationToken);
            }

            var (sql, isSampled) = BuildStatement(relation, chunk);
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            rows = reader.GetInt64(0);
            // A view was cut only if it filled its limit.
            isSampled = relation.Kind == Core.Catalog.DatasetKind.View ? rows >= options.ViewRowLimit : isSampled;
            sampled |= isSampled;
            for (var i = 0; i < chunk.Length; i++)
            {
                profiles.Add(ReadProfile(reader, 1 + (i * FieldsPerColumn), chunk[i], rows, isSampled));
            }

            await reader.DisposeAsync();
            await transaction.CommitAsync(cancellationToken);
        }

        var rowCount = sampled && relation.Kind == Core.Catalog.DatasetKind.Table ? relation.EstimatedRows : rows;
        return (profiles, rowCount, sampled);
    }

    private const int FieldsPerColumn = 10;

    /// <summary>Builds the profiling statement; every identifier is quoted, and no value is interpolated.</summary>
    internal (string Sql, bool Sampled) BuildStatement(PostgresCatalogReader.Relation relation, IReadOnlyList<PostgresCatalogReader.RelationColumn> columns)
    {
        var table = Quote(relation.Schema) + "." + Quote(relation.Name);
        string from;
        var sampled = false;
        if (relation.Kind == Core.Catalog.DatasetKind.View)
        {
            // A view has no blocks to sample; its first rows stand in. Materialized, so the view is computed once.
            from = $"(SELECT * FROM {table} LIMIT {options.ViewRowLimit}) AS src";
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
        sql.Append("WITH t AS ").Append(sampled ? "MATERIALIZED " : "NOT MATERIALIZED ").Append("(SELECT * FROM ").Append(from).Append(")\nSELECT count(*)");
        foreach (var column in columns)
        {
            var c = "t." + Quote(column.Snapshot.Name);
            var text = $"{c}::text";
            var orderable = column.TypeCategory is 'N' or 'D' or 'S';
            sql.Append(",\n  count(").Append(c).Append(')')
               .Append(", count(DISTINCT ").Append(text).Append(')')
               .Append(orderable ? $", min({c})::text, max({c})::text" : ", NULL::text, NULL::text")
               .Append(", min(length(").Append(text).Append(")), max(length(").Append(text).Append("))")
               .Append(column.TypeCategory == 'S' ? $", count(*) FILTER (WHERE btrim({c}) = '')" : ", 0::bigint")
               .Append(", (SELECT coalesce(json_agg(json_build_array(v, n)), '[]'::json)::text FROM (SELECT ").Append(text)
               .Append(" AS v, count(*) AS n FROM t WHERE ").Append(c).Append(" IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ")
               .Append(options.TopValues.ToString(CultureInfo.InvariantCulture)).Append(") top)")
               // Pattern classes as PatternClass.Of draws them (9 digit, A Latin letter, K Hangul syllable), counted over every row.
               .Append(", (SELECT coalesce(json_agg(json_build_array(p, n)), '[]'::json)::text FROM (SELECT ").Append(PatternClassSql.Of(text))
               .Append(" AS p, count(*) AS n FROM t WHERE ")
               .Append(c).Append(" IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ").Append(options.TopValues.ToString(CultureInfo.InvariantCulture)).Append(") patterns)")
               .Append(", (SELECT array_agg(v) FROM (SELECT ").Append(text).Append(" AS v FROM t WHERE ").Append(c)
               .Append(" IS NOT NULL LIMIT ").Append(SampleValues.ToString(CultureInfo.InvariantCulture)).Append(") sample)");
        }

        sql.Append("\nFROM t");
        return (sql.ToString(), sampled);
    }

    private static ColumnProfile ReadProfile(NpgsqlDataReader reader, int at, PostgresCatalogReader.RelationColumn column, long rows, bool sampled)
    {
        var nonNull = reader.GetInt64(at);
        var distinct = reader.GetInt64(at + 1);
        var min = reader.IsDBNull(at + 2) ? null : reader.GetString(at + 2);
        var max = reader.IsDBNull(at + 3) ? null : reader.GetString(at + 3);
        int? minLength = reader.IsDBNull(at + 4) ? null : reader.GetInt32(at + 4);
        int? maxLength = reader.IsDBNull(at + 5) ? null : reader.GetInt32(at + 5);
        var empty = reader.GetInt64(at + 6);
        var top = ParseTop(reader.GetString(at + 7));
        var patterns = ParseTop(reader.GetString(at + 8));
        var sample = reader.IsDBNull(at + 9) ? [] : reader.GetFieldValue<string[]>(at + 9);

        // The inferred type and personal data come from a bounded sample of values, profiled in memory.
        var sampleProfiler = new ColumnProfiler(column.Snapshot.Name);
        foreach (var value in sample)
        {
            sampleProfiler.Add(value);
        }

        var fromSample = sampleProfiler.Build();
        var pii = fromSample.Pii;
        var distinctIsEstimate = sampled;
        if (sampled && nonNull > 0 && distinct >= 0.95 * nonNull)
        {
            // A sample of an (almost) unique column says little more than "unique": keep the count, flag it as an estimate.
            distinctIsEstimate = true;
        }

        return fromSample with
        {
            Rows = rows,
            Nulls = rows - nonNull,
            Empty = empty,
            Distinct = distinct,
            DistinctIsEstimate = distinctIsEstimate,
            // Personal columns show no extremes, only masked values shared by two rows, and collapsed patterns.
            Min = pii.IsPersonal() ? null : min,
            Max = pii.IsPersonal() ? null : max,
            MinLength = minLength,
            MaxLength = maxLength,
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
}
