using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DataCatalog.Harvesting.Pipeline;

/// <summary>A session-level advisory lock per source on the catalog database, held for the whole of a harvest run.</summary>
/// <remarks>It lives on a connection of its own outside the pool, so the lock ends exactly when the run (or its process,
/// or its database session) ends: PostgreSQL releases it then, which is how any node or CLI tells a live run from a dead
/// one. It uses the two-key form so it never collides with the publisher's one-key transaction lock on the same source.</remarks>
internal sealed class SourceRunLock : IAsyncDisposable
{
    // First key of the two-key advisory lock space: "HRUN".
    private const int LockSpace = 0x4852554E;
    private readonly NpgsqlConnection _connection;

    private SourceRunLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Takes the lock of <paramref name="sourceId"/>, waiting (and saying so) while another process harvests it.</summary>
    public static async Task<SourceRunLock> AcquireAsync(IDbContextFactory<CatalogDbContext> contexts, string sourceId, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(contexts, cancellationToken);
        try
        {
            if (!await TryLockAsync(connection, sourceId, cancellationToken))
            {
                logger.LogInformation("Source {SourceId} is being harvested by another node or CLI run; this run waits for it to finish", sourceId);
                await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock(@space, hashtext(@source))", connection);
                wait.CommandTimeout = 0;
                wait.Parameters.AddWithValue("space", LockSpace);
                wait.Parameters.AddWithValue("source", sourceId);
                await wait.ExecuteNonQueryAsync(cancellationToken);
            }

            return new SourceRunLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes the lock only if nobody holds it: null means a run of <paramref name="sourceId"/> is alive.</summary>
    public static async Task<SourceRunLock?> TryAcquireAsync(IDbContextFactory<CatalogDbContext> contexts, string sourceId, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(contexts, cancellationToken);
        if (await TryLockAsync(connection, sourceId, cancellationToken))
        {
            return new SourceRunLock(connection);
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>A run that published (succeeded or partial) carries no run error: if its lock session was lost mid-run
    /// (a database restart) and another node closed it as dead meanwhile, the publish that followed is what happened.</summary>
    public static async Task<HarvestRun> ReconcileAsync(IDbContextFactory<CatalogDbContext> contexts, HarvestRun run, CancellationToken cancellationToken)
    {
        if (run.Status is HarvestStatus.Succeeded or HarvestStatus.Partial)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.HarvestRuns.Where(r => r.Id == run.Id && r.Status != HarvestStatus.Failed && r.Error != null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Error, (string?)null), cancellationToken);
            run.Error = null;
        }

        return run;
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the unpooled connection ends the session, and with it the lock, even if the unlock cannot be sent.
        await _connection.DisposeAsync();
    }

    private static async Task<NpgsqlConnection> OpenAsync(IDbContextFactory<CatalogDbContext> contexts, CancellationToken cancellationToken)
    {
        string connectionString;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            connectionString = db.Database.GetConnectionString()
                ?? throw new InvalidOperationException("The catalog context has no connection string.");
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            // A node that vanishes without closing its socket (a machine lost) is noticed by the server side's
            // keepalives; ours keep idle NAT and firewalls from cutting a long run's lock session.
            KeepAlive = 30,
            ApplicationName = "datacatalog-run-lock",
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, string sourceId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@space, hashtext(@source))", connection);
        command.Parameters.AddWithValue("space", LockSpace);
        command.Parameters.AddWithValue("source", sourceId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
