using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace DataCatalog.Persistence.Bulk;

/// <summary>Inserts many new rows of one entity type with PostgreSQL's binary <c>COPY</c>, mapped by the EF model
/// (table, column names, value converters), inside the context's current transaction.</summary>
/// <remarks>For rows nothing reads back in the same unit of work (rule results, scores): no ids come back and nothing
/// is tracked. Saving them through the change tracker cost a tracked entity, a snapshot and a returned id per row,
/// which was most of a cold harvest's CPU.</remarks>
public static class BulkCopy
{
    /// <summary>True when <paramref name="db"/> has an open transaction that the copy can join, so the rows commit or roll
    /// back with everything else; otherwise callers add the rows to the change tracker as before.</summary>
    public static bool CanCopy(CatalogDbContext db) => db.Database.CurrentTransaction is not null;

    /// <summary>Copies <paramref name="rows"/> into their table.</summary>
    /// <param name="withKeys">False leaves generated keys to the database; true writes the rows' own keys (taken with
    /// <see cref="ReserveIdsAsync{T}"/>), for rows that others refer to.</param>
    public static async Task CopyAsync<T>(CatalogDbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken, bool withKeys = false)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var plan = Plan(db.Model, typeof(T), withKeys);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(plan.Command, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in plan.Columns)
            {
                var value = column.Property.GetGetter().GetClrValue(row);
                if (value is not null && column.Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, column.StoreType, cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>Takes <paramref name="count"/> values of the identity sequence of <typeparamref name="T"/>'s key, in one round trip.</summary>
    public static async Task<IReadOnlyList<long>> ReserveIdsAsync<T>(CatalogDbContext db, int count, CancellationToken cancellationToken)
        where T : class
    {
        if (count == 0)
        {
            return [];
        }

        var entity = Entity(db.Model, typeof(T));
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName(table)!;
        var name = (entity.GetSchema() is { } schema ? Quote(schema) + "." : "") + Quote(table.Name);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence(@table, @key)) FROM generate_series(1, @count)", connection);
        command.Parameters.AddWithValue("table", name);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("count", count);
        var ids = new List<long>(count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel, Type, bool), CopyPlan> Plans = new();

    private static IEntityType Entity(IModel model, Type type) =>
        model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not an entity of the catalog's model.");

    private static CopyPlan Plan(IModel model, Type type, bool withKeys) => Plans.GetOrAdd((model, type, withKeys), key =>
    {
        var entity = Entity(key.Item1, key.Item2);
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => key.Item3 || !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never))
            .Select(p =>
            {
                var mapping = p.GetRelationalTypeMapping();
                return new CopyColumn(p, p.GetColumnName(table)!, mapping.StoreTypeNameBase, mapping.Converter);
            })
            .ToList();
        var name = (entity.GetSchema() is { } schema ? Quote(schema) + "." : "") + Quote(table.Name);
        return new CopyPlan($"COPY {name} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)", columns);
    });

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record CopyPlan(string Command, IReadOnlyList<CopyColumn> Columns);

    private sealed record CopyColumn(IProperty Property, string Name, string StoreType, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);
}
