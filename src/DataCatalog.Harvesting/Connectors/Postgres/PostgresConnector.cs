using System.Runtime.CompilerServices;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;
using Npgsql;

namespace DataCatalog.Harvesting.Connectors.Postgres;

/// <summary>Harvests a department's PostgreSQL database over a read-only session: structure from pg_catalog,
/// profiles pushed down as one statement per table.</summary>
public sealed class PostgresConnector : ISourceConnector
{
    public string Kind => SourceKind.Postgres;

    public async IAsyncEnumerable<ExtractedDataset> ExtractAsync(SourceDefinition source, string connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = PostgresConnectorOptions.From(source);
        var builder = new NpgsqlConnectionStringBuilder(connection)
        {
            // Belt and braces: even a role that may write cannot through this session.
            Options = "-c default_transaction_read_only=on",
            ApplicationName = "datacatalog-harvest",
            Timeout = 15,
        };

        await using var session = new NpgsqlConnection(builder.ConnectionString);
        IReadOnlyList<PostgresCatalogReader.Relation> relations;
        try
        {
            await session.OpenAsync(cancellationToken);
            relations = await PostgresCatalogReader.ReadAsync(session, options.Schemas, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new SourceUnavailableException(
                $"Source '{source.Id}': cannot read the PostgreSQL database at {builder.Host}:{builder.Port}/{builder.Database} ({ex.Message}). " +
                $"Check that the server is up and that the connection named by '{source.ConnectionRef}' is right.", ex);
        }

        var profiler = new PostgresTableProfiler(options);
        foreach (var relation in relations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ExtractedDataset result;
            try
            {
                var (profiles, rowCount, _) = await profiler.ProfileAsync(session, relation, cancellationToken);
                var snapshot = new DatasetSnapshot(
                    relation.QualifiedName,
                    relation.Kind,
                    relation.Columns.Select(c => c.Snapshot).ToList(),
                    new DatasetMetadata { Title = relation.Comment, Description = relation.Comment },
                    rowCount);
                result = new ExtractedDataset(relation.QualifiedName, snapshot, profiles);
            }
            catch (PostgresException ex)
            {
                result = ExtractedDataset.Failed(relation.QualifiedName, ex.SqlState == PostgresErrorCodes.QueryCanceled
                    ? $"Profiling {relation.QualifiedName} ran past the statement timeout of {options.StatementTimeout.TotalSeconds:0} s; raise 'statementTimeoutSeconds' or lower 'sampleAboveRows' in the source's options."
                    : $"Profiling {relation.QualifiedName} failed: {ex.MessageText} (SQLSTATE {ex.SqlState}).");
            }

            yield return result;
        }
    }
}
