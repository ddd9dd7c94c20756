using DataCatalog.Persistence.Embedded;
using Npgsql;

namespace DataCatalog.Host.Startup;

/// <summary>Watches the catalog database: restarts the embedded PostgreSQL this server owns when its postmaster is gone,
/// and with any database, notices an outage, probes with back-off until it answers again, then drops the pooled
/// connections that died with it. Readiness (<c>/readyz</c>) reads <see cref="IsAvailable"/>.</summary>
internal sealed class CatalogDatabaseMonitor(CatalogDatabase database, ILogger<CatalogDatabaseMonitor> logger) : BackgroundService
{
    // Looking at the postmaster's pid is free; a probe of a server elsewhere costs a connection, so it is rarer.
    private static readonly TimeSpan PidCheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private volatile bool _available = true;

    /// <summary>False from the moment an outage is noticed until the database answers again.</summary>
    public bool IsAvailable => _available;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(database.Cluster is { Owned: true } ? PidCheckInterval : ProbeInterval, stoppingToken);
                if (database.Cluster is { Owned: true } cluster)
                {
                    if (!cluster.IsServerAlive())
                    {
                        await RestartAsync(cluster, stoppingToken);
                    }
                }
                else if (!await AnswersAsync(stoppingToken))
                {
                    await ReconnectAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RestartAsync(EmbeddedPostgresCluster cluster, CancellationToken stoppingToken)
    {
        _available = false;
        logger.LogError("The embedded PostgreSQL on port {Port} is gone (its postmaster died); restarting it", cluster.Port);
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await cluster.RestartAfterCrashAsync(stoppingToken);
                break;
            }
            catch (Exception ex) when (ex is InvalidOperationException or NpgsqlException or TimeoutException)
            {
                logger.LogError("The embedded PostgreSQL did not restart: {Reason}; trying again in {Delay}", ex.Message, delay);
                await Task.Delay(delay, stoppingToken);
                delay = Min(delay * 2, MaxBackoff);
            }
        }

        // Every pooled connection died with the old server; new ones go to the restarted one.
        NpgsqlConnection.ClearAllPools();
        _available = true;
        logger.LogWarning("The embedded PostgreSQL was restarted after a crash and the catalog reconnected; the scheduler resumes on its own");
    }

    private async Task ReconnectAsync(CancellationToken stoppingToken)
    {
        _available = false;
        logger.LogError("The catalog database does not answer; reconnecting with back-off");
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; !await AnswersAsync(stoppingToken); attempt++)
        {
            logger.LogInformation("The catalog database still does not answer (attempt {Attempt}); next try in {Delay}", attempt, delay);
            await Task.Delay(delay, stoppingToken);
            delay = Min(delay * 2, MaxBackoff);
        }

        NpgsqlConnection.ClearAllPools();
        _available = true;
        logger.LogWarning("The catalog database answers again; the catalog reconnected and the scheduler resumes on its own");
    }

    private async Task<bool> AnswersAsync(CancellationToken stoppingToken)
    {
        // Outside the pool and quick to give up: the probe must not wait behind the application's connections.
        var probe = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, Timeout = 5, CommandTimeout = 5 };
        try
        {
            await using var connection = new NpgsqlConnection(probe.ConnectionString);
            await connection.OpenAsync(stoppingToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(stoppingToken);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
