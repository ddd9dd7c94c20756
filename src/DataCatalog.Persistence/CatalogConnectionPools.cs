using System.Globalization;
using Npgsql;

namespace DataCatalog.Persistence;

/// <summary>Keys of the catalog's own connection pools, for keyed <c>IDbContextFactory&lt;CatalogDbContext&gt;</c> services.</summary>
public static class CatalogPool
{
    /// <summary>GraphQL reads; a flood of queries waits here and never takes a harvest's connection.</summary>
    public const string Api = "api";

    /// <summary>The harvest pipeline: runs, publishing, source files, schedule synchronisation.</summary>
    public const string Harvest = "harvest";
}

/// <summary>Maximum Pool Size of each of the catalog's pools (<c>Database:Pools</c>).</summary>
public sealed class CatalogPoolOptions
{
    /// <summary>GraphQL reads. Keep it at least <c>GraphQL:MaxConcurrentExecutions</c>: each execution holds one connection at a time.</summary>
    public int Api { get; set; } = 12;

    /// <summary>Harvest runs and publishing; a run holds one or two at once.</summary>
    public int Harvest { get; set; } = 8;

    /// <summary>Quartz's clustered job store: triggers, check-ins, misfires.</summary>
    public int Scheduler { get; set; } = 6;

    /// <summary>Start-up, health checks and the CLI.</summary>
    public int Maintenance { get; set; } = 4;

    public int Total => Api + Harvest + Scheduler + Maintenance;
}

/// <summary>
/// One connection string per pool, derived from the catalog's: each with its own <c>Application Name</c> (so
/// <c>pg_stat_activity</c> tells them apart) and <c>Maximum Pool Size</c>, so that one pool running dry never starves another.
/// </summary>
public sealed record CatalogConnectionStrings(string Maintenance, string Api, string Harvest, string Scheduler, CatalogPoolOptions Pools)
{
    public const string ApplicationName = "datacatalog";

    /// <summary>Derives the four pools from <paramref name="connectionString"/>; a pool size below 1 is a configuration error.</summary>
    public static CatalogConnectionStrings Split(string connectionString, CatalogPoolOptions? pools = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        pools ??= new CatalogPoolOptions();
        foreach (var (name, size) in new[] { ("Api", pools.Api), ("Harvest", pools.Harvest), ("Scheduler", pools.Scheduler), ("Maintenance", pools.Maintenance) })
        {
            if (size < 1)
            {
                throw new InvalidOperationException(
                    $"Database:Pools:{name} is {size}; a pool needs at least one connection. Set it to 1 or more (or remove it for the default).");
            }
        }

        return new(
            With(connectionString, ApplicationName, pools.Maintenance),
            With(connectionString, ApplicationName + "-api", pools.Api),
            With(connectionString, ApplicationName + "-harvest", pools.Harvest),
            With(connectionString, ApplicationName + "-scheduler", pools.Scheduler),
            pools);
    }

    /// <summary>
    /// Fails when this node's pools together could take more connections than the server admits to ordinary users
    /// (<c>max_connections</c> less <c>superuser_reserved_connections</c>); other nodes and tools need their share too.
    /// </summary>
    public async Task CheckServerCapacityAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Maintenance);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var available = reader.GetInt32(0) - reader.GetInt32(1);
        if (Pools.Total >= available)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The catalog's pools take up to {Pools.Total} connections (Database:Pools Api {Pools.Api}, Harvest {Pools.Harvest}, Scheduler {Pools.Scheduler}, Maintenance {Pools.Maintenance}) but the server admits {available} (max_connections less superuser_reserved_connections). Lower the pool sizes or raise max_connections."));
        }
    }

    private static string With(string connectionString, string applicationName, int maxPoolSize) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = applicationName,
            Pooling = true,
            MaxPoolSize = maxPoolSize,
            MinPoolSize = 0,
        }.ConnectionString;
}
