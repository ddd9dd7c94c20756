using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;
using Npgsql;

namespace DataCatalog.Harvesting.Connectors.Postgres;

/// <summary>Harvests a department's PostgreSQL database over a read-only session: structure from pg_catalog,
/// profiles pushed down as one statement per table, and tables whose statistics show no change not profiled again.</summary>
public sealed class PostgresConnector : IIncrementalSourceConnector
{
    /// <summary>Memory each profiling statement may use for its hash tables before spilling to disk.</summary>
    private const string ProfileWorkMem = "256MB";

    public string Kind => SourceKind.Postgres;

    /// <summary>Tables profiled by this connector since it was created; a test reads it to prove unchanged tables are skipped.</summary>
    public long TablesProfiled => Interlocked.Read(ref _tablesProfiled);

    /// <summary>Of <see cref="TablesProfiled"/>, the tables read whole and profiled here rather than by the one-pass statement.</summary>
    public long TablesReadWhole => Interlocked.Read(ref _tablesReadWhole);

    private long _tablesProfiled;
    private long _tablesReadWhole;

    private readonly bool _readSmallTables;

    public PostgresConnector()
        : this(readSmallTables: true)
    {
    }

    /// <param name="readSmallTables">False profiles every table with the one-pass statement, never by reading its rows;
    /// tests compare the two.</param>
    public PostgresConnector(bool readSmallTables) => _readSmallTables = readSmallTables;

    public IAsyncEnumerable<ExtractedDataset> ExtractAsync(SourceDefinition source, string connection, CancellationToken cancellationToken) =>
        ExtractAsync(source, connection, new Dictionary<string, string>(), cancellationToken);

    public async IAsyncEnumerable<ExtractedDataset> ExtractAsync(
        SourceDefinition source, string connection, IReadOnlyDictionary<string, string> previousTokens, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = PostgresConnectorOptions.From(source);
        var builder = new NpgsqlConnectionStringBuilder(connection)
        {
            // Belt and braces: even a role that may write cannot through this session. The statement timeout is the
            // server's, per statement, so a table past it fails alone with 57014. A harvest is a guest on a department's
            // server: one backend, no parallel workers taken from its own queries.
            Options = $"-c default_transaction_read_only=on -c statement_timeout={(long)options.StatementTimeout.TotalMilliseconds} -c work_mem={ProfileWorkMem} -c max_parallel_workers_per_gather=0",
            ApplicationName = "datacatalog-harvest",
            Timeout = 15,
            // Npgsql's own default (30 s) would cut a statement the source allowed longer; the client waits a little
            // past the server's limit so the server's clear 57014 arrives first.
            CommandTimeout = (int)Math.Ceiling(options.StatementTimeout.TotalSeconds) + 15,
        };

        var session = new NpgsqlConnection(builder.ConnectionString);
        try
        {
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
            foreach (var window in relations.Chunk(PostgresTableProfiler.TablesPerBatch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var results = new ExtractedDataset?[window.Length];
                var tokens = window.Select(r => ChangeToken(r, options)).ToArray();
                for (var i = 0; i < window.Length; i++)
                {
                    var relation = window[i];
                    if (tokens[i] is { } token && previousTokens.TryGetValue(relation.QualifiedName, out var previous) && previous == token)
                    {
                        // Same data, same columns, same options: the published profile still holds, so it is not computed again.
                        results[i] = new ExtractedDataset(relation.QualifiedName, Snapshot(relation, null), []) { ChangeToken = token, ProfilesReused = true };
                    }
                }

                var readable = _readSmallTables ? Enumerable.Range(0, window.Length).Where(i => results[i] is null && profiler.CanReadWhole(window[i])).ToList() : [];
                if (readable.Count > 0)
                {
                    try
                    {
                        var read = await profiler.ProfileByRowsAsync(session, readable.Select(i => window[i]).ToList(), cancellationToken);
                        for (var k = 0; k < readable.Count; k++)
                        {
                            if (read[k] is var (profiles, rowCount))
                            {
                                Interlocked.Increment(ref _tablesProfiled);
                                Interlocked.Increment(ref _tablesReadWhole);
                                var relation = window[readable[k]];
                                results[readable[k]] = new ExtractedDataset(relation.QualifiedName, Snapshot(relation, rowCount), profiles) { ChangeToken = tokens[readable[k]] };
                            }
                        }
                    }
                    catch (Exception ex) when (ex is NpgsqlException && !cancellationToken.IsCancellationRequested)
                    {
                        // One table could not be read; the statements below profile them and name the one at fault.
                        session = await ReopenIfBrokenAsync(session, builder, cancellationToken);
                    }
                }

                var small = Enumerable.Range(0, window.Length).Where(i => results[i] is null && PostgresTableProfiler.IsSmall(window[i])).ToList();
                if (small.Count > 1)
                {
                    try
                    {
                        Interlocked.Add(ref _tablesProfiled, small.Count);
                        var profiled = await profiler.ProfileSmallAsync(session, small.Select(i => window[i]).ToList(), cancellationToken);
                        for (var k = 0; k < small.Count; k++)
                        {
                            var (profiles, rowCount, _) = profiled[k];
                            results[small[k]] = new ExtractedDataset(window[small[k]].QualifiedName, Snapshot(window[small[k]], rowCount), profiles) { ChangeToken = tokens[small[k]] };
                        }
                    }
                    catch (Exception ex) when (ex is NpgsqlException && !cancellationToken.IsCancellationRequested)
                    {
                        // One table of the batch failed; profiling them one by one below names it and keeps the others.
                        Interlocked.Add(ref _tablesProfiled, -small.Count);
                        session = await ReopenIfBrokenAsync(session, builder, cancellationToken);
                    }
                }

                for (var i = 0; i < window.Length; i++)
                {
                    results[i] ??= await ProfileOneAsync(profiler, session, window[i], tokens[i], options, cancellationToken);
                    if (results[i]!.Error is not null && results[i]!.Snapshot is null)
                    {
                        session = await ReopenIfBrokenAsync(session, builder, cancellationToken);
                    }

                    yield return results[i]!;
                }
            }
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    private async Task<ExtractedDataset> ProfileOneAsync(
        PostgresTableProfiler profiler, NpgsqlConnection session, PostgresCatalogReader.Relation relation, string? token, PostgresConnectorOptions options, CancellationToken cancellationToken)
    {
        try
        {
            Interlocked.Increment(ref _tablesProfiled);
            var (profiles, rowCount, _) = await profiler.ProfileAsync(session, relation, cancellationToken);
            return new ExtractedDataset(relation.QualifiedName, Snapshot(relation, rowCount), profiles) { ChangeToken = token };
        }
        catch (Exception ex) when (IsTimeout(ex, cancellationToken))
        {
            return ExtractedDataset.Failed(relation.QualifiedName,
                $"Profiling {relation.QualifiedName} ran past the statement timeout of {options.StatementTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s; " +
                "raise 'statementTimeoutSeconds' or lower 'sampleAboveRows' in the source's options.");
        }
        catch (PostgresException ex)
        {
            return ExtractedDataset.Failed(relation.QualifiedName, $"Profiling {relation.QualifiedName} failed: {ex.MessageText} (SQLSTATE {ex.SqlState}).");
        }
    }

    private static DatasetSnapshot Snapshot(PostgresCatalogReader.Relation relation, long? rowCount) => new(
        relation.QualifiedName,
        relation.Kind,
        relation.Columns.Select(c => c.Snapshot).ToList(),
        new DatasetMetadata { Title = relation.Comment, Description = relation.Comment },
        rowCount);

    /// <summary>The server cancelled the statement (57014), or the client gave up waiting (Npgsql's own timeout).</summary>
    private static bool IsTimeout(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && (ex is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }
            || (ex is NpgsqlException && ex.InnerException is TimeoutException));

    /// <summary>A client-side timeout breaks the connection; the next table gets a fresh one rather than the same error.</summary>
    private static async Task<NpgsqlConnection> ReopenIfBrokenAsync(NpgsqlConnection session, NpgsqlConnectionStringBuilder builder, CancellationToken cancellationToken)
    {
        if (session.FullState == System.Data.ConnectionState.Open)
        {
            return session;
        }

        await session.DisposeAsync();
        var fresh = new NpgsqlConnection(builder.ConnectionString);
        await fresh.OpenAsync(cancellationToken);
        return fresh;
    }

    /// <summary>What must stay equal for the last profile to still hold: the table's statistics, its columns, and the
    /// options that shape a profile. Null when the table cannot tell (a view).</summary>
    internal static string? ChangeToken(PostgresCatalogReader.Relation relation, PostgresConnectorOptions options)
    {
        if (relation.Statistics is null)
        {
            return null;
        }

        var text = new StringBuilder("pg1|").Append(relation.Statistics).Append('|')
            .Append(options.SampleAboveRows).Append(':').Append(options.SampleRows).Append(':').Append(options.TopValues);
        foreach (var column in relation.Columns)
        {
            text.Append('|').Append(column.Snapshot.Name).Append(':').Append(column.Snapshot.DataType);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}
