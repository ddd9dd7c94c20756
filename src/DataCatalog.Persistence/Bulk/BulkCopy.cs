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

    /// <summary>Copies <paramref name="rows"/> into their table; generated keys are left to the database.</summary>
    public static async Task CopyAsync<T>(CatalogDbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var plan = Plan(db.Model, typeof(T));
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

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(IModel, Type), CopyPlan> Plans = new();

    private static CopyPlan Plan(IModel model, Type type) => Plans.GetOrAdd((model, type), key =>
    {
        var entity = key.Item1.FindEntityType(key.Item2)
            ?? throw new InvalidOperationException($"{key.Item2.Name} is not an entity of the catalog's model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never))
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
