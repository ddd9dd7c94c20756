using DataCatalog.Core.Catalog;
using Npgsql;
using NpgsqlTypes;

namespace DataCatalog.Harvesting.Connectors.Postgres;

/// <summary>Reads a database's structure from pg_catalog: relations, columns, keys, defaults and comments.</summary>
internal static class PostgresCatalogReader
{
    /// <summary>A relation as pg_catalog describes it, with the type category of each column for profiling.</summary>
    /// <param name="Statistics">What the statistics collector says about the table's data (file node, rows inserted,
    /// updated, deleted, live, and its size); equal between two harvests means the data did not change. Null for views
    /// and partitioned tables, which always get profiled.</param>
    /// <param name="TotalBytes">Its size on disk with TOAST and indexes (<c>pg_total_relation_size</c>): how much reading it whole could bring.</param>
    internal sealed record Relation(uint Oid, string Schema, string Name, DatasetKind Kind, string? Comment, long EstimatedRows, List<RelationColumn> Columns, string? Statistics = null, long TotalBytes = 0)
    {
        public string QualifiedName => $"{Schema}.{Name}";
    }

    /// <summary>A column with the pg_type category (<c>N</c> numeric, <c>S</c> string, <c>D</c> date/time, <c>B</c> boolean…).</summary>
    /// <param name="CodePointOrder">True when its text sorts by code point in the server (a C collation, or a type without
    /// one under a C default), so the harvester can order its values exactly as the server would.</param>
    internal sealed record RelationColumn(ColumnSnapshot Snapshot, char TypeCategory, bool CodePointOrder = false);

    private const string RelationsSql = """
        SELECT c.oid, n.nspname, c.relname, c.relkind::text, obj_description(c.oid, 'pg_class'), GREATEST(c.reltuples, 0)::bigint,
               CASE WHEN c.relkind IN ('r', 'm') THEN concat_ws(':', c.relfilenode, pg_stat_get_tuples_inserted(c.oid),
                   pg_stat_get_tuples_updated(c.oid), pg_stat_get_tuples_deleted(c.oid), pg_stat_get_live_tuples(c.oid),
                   pg_relation_size(c.oid)) END,
               pg_total_relation_size(c.oid)
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm')
          AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
          AND (cardinality(@schemas) = 0 OR n.nspname = ANY(@schemas))
          AND has_table_privilege(c.oid, 'SELECT')
        ORDER BY n.nspname, c.relname
        """;

    private const string ColumnsSql = """
        SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
               col_description(a.attrelid, a.attnum), pg_get_expr(d.adbin, d.adrelid), t.typcategory::text,
               EXISTS (SELECT 1 FROM pg_catalog.pg_constraint p
                       WHERE p.conrelid = a.attrelid AND p.contype = 'p' AND a.attnum = ANY(p.conkey)),
               (SELECT fn.nspname || '.' || fc.relname || '.' || fa.attname
                FROM pg_catalog.pg_constraint f
                JOIN LATERAL unnest(f.conkey, f.confkey) AS k(col, refcol) ON k.col = a.attnum
                JOIN pg_catalog.pg_class fc ON fc.oid = f.confrelid
                JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
                JOIN pg_catalog.pg_attribute fa ON fa.attrelid = f.confrelid AND fa.attnum = k.refcol
                WHERE f.conrelid = a.attrelid AND f.contype = 'f'
                ORDER BY f.conname LIMIT 1),
               CASE WHEN a.attcollation IN (0, 100)
                    THEN (SELECT db.datlocprovider = 'c' AND db.datcollate IN ('C', 'POSIX', 'C.UTF-8', 'C.utf8')
                          FROM pg_catalog.pg_database db WHERE db.datname = current_database())
                    ELSE (SELECT co.collprovider = 'c' AND co.collcollate IN ('C', 'POSIX', 'C.UTF-8', 'C.utf8')
                          FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation) END
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = ANY(@oids) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """;

    public static async Task<IReadOnlyList<Relation>> ReadAsync(NpgsqlConnection connection, IReadOnlyList<string> schemas, CancellationToken cancellationToken)
    {
        var relations = new List<Relation>();
        await using (var command = new NpgsqlCommand(RelationsSql, connection))
        {
            command.Parameters.AddWithValue("schemas", schemas.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var kind = reader.GetString(3) is "v" or "m" ? DatasetKind.View : DatasetKind.Table;
                relations.Add(new Relation(reader.GetFieldValue<uint>(0), reader.GetString(1), reader.GetString(2), kind,
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5), [], reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? 0 : reader.GetInt64(7)));
            }
        }

        var byOid = relations.ToDictionary(r => r.Oid);
        await using (var command = new NpgsqlCommand(ColumnsSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter("oids", NpgsqlDbType.Array | NpgsqlDbType.Oid) { Value = relations.Select(r => r.Oid).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var relation = byOid[reader.GetFieldValue<uint>(0)];
                // Ordinals are dense positions, not attnum: a dropped column leaves a hole in attnum.
                var column = new ColumnSnapshot(
                    Name: reader.GetString(1),
                    Ordinal: relation.Columns.Count + 1,
                    DataType: reader.GetString(2),
                    IsNullable: reader.GetBoolean(3),
                    IsPrimaryKey: reader.GetBoolean(7),
                    Description: reader.IsDBNull(4) ? null : reader.GetString(4),
                    DefaultValue: reader.IsDBNull(5) ? null : reader.GetString(5),
                    References: reader.IsDBNull(8) ? null : reader.GetString(8));
                relation.Columns.Add(new RelationColumn(column, reader.GetString(6)[0], !reader.IsDBNull(9) && reader.GetBoolean(9)));
            }
        }

        return relations;
    }
}
