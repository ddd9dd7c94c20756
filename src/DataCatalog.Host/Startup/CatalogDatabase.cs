using DataCatalog.Host.Demo;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Embedded;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataCatalog.Host.Startup;

/// <summary>The catalog database this process uses: a configured server, or the embedded cluster with the demo city.</summary>
public sealed class CatalogDatabase : IAsyncDisposable
{
    private readonly EmbeddedPostgresCluster? _cluster;
    private readonly DemoPortal? _portal;

    private CatalogDatabase(string connectionString, EmbeddedPostgresCluster? cluster, DemoPortal? portal, IReadOnlyDictionary<string, string?> settings)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
        _portal = portal;
        Settings = settings;
    }

    public string ConnectionString { get; }

    /// <summary>True when this process runs its own PostgreSQL.</summary>
    public bool IsEmbedded => _cluster is not null;

    /// <summary>The embedded cluster, or null with a configured server.</summary>
    public EmbeddedPostgresCluster? Cluster => _cluster;

    /// <summary>Configuration the demo's source files refer to (connections of the demo databases, the drop folder, the portal).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Connects (starting the embedded cluster when no <c>ConnectionStrings:Catalog</c> is set) and migrates the schema.</summary>
    /// <param name="role">A server owns and supervises the embedded cluster; a CLI verb beside it only uses it.</param>
    public static async Task<CatalogDatabase> OpenAsync(IConfiguration configuration, ClusterRole role, ILogger logger, CancellationToken cancellationToken)
    {
        var configured = configuration.GetConnectionString("Catalog");
        EmbeddedPostgresCluster? cluster = null;
        DemoPortal? portal = null;
        try
        {
            string connectionString;
            var settings = new Dictionary<string, string?>();
            if (!string.IsNullOrWhiteSpace(configured))
            {
                connectionString = configured;
                logger.LogInformation("Using the catalog database at {Host}", new NpgsqlConnectionStringBuilder(configured).Host);
            }
            else
            {
                var folder = await DataFolderAsync(configuration, logger, cancellationToken);
                cluster = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(folder, Role: role), logger, cancellationToken);
                // A server and a CLI verb starting together prepare the cluster one after the other, never both at once.
                await using var preparing = await PreparationLock.AcquireAsync(cluster.ConnectionString(), PrepareStep, cancellationToken);
                await cluster.EnsureDatabaseAsync("catalog", cancellationToken);
                connectionString = cluster.ConnectionString("catalog");
                if (configuration.GetValue("Catalog:Demo", true))
                {
                    portal = DemoPortal.Start();
                    settings = await DemoCity.PrepareAsync(cluster, folder, portal, logger, cancellationToken);
                }

                await MigrateAsync(connectionString, logger, cancellationToken);
                return new CatalogDatabase(connectionString, cluster, portal, settings);
            }

            await MigrateAsync(connectionString, logger, cancellationToken);
            return new CatalogDatabase(connectionString, cluster, portal, settings);
        }
        catch
        {
            if (portal is not null)
            {
                await portal.DisposeAsync();
            }

            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Step of the <see cref="PreparationLock"/> held while the embedded cluster is prepared and migrated.</summary>
    private const int PrepareStep = 1;

    private static async Task MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        await using var db = new CatalogDbContext(PersistenceServiceCollectionExtensions.CreateOptions(connectionString));
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} catalog migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>Catalog:DataFolder, or <c>./.catalog</c>; as root in a folder the <c>postgres</c> user cannot reach
    /// (a clone under root's home) the default moves to /var/lib/datacatalog, and the log says so.</summary>
    public static async Task<string> DataFolderAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        if (configuration["Catalog:DataFolder"] is { Length: > 0 } configured && configured != DefaultDataFolder)
        {
            return Path.GetFullPath(configured);
        }

        var folder = Path.GetFullPath(DefaultDataFolder);
        if (await EmbeddedPostgresCluster.IsReachableByServerAsync(folder, cancellationToken))
        {
            return folder;
        }

        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(folder)))[..12].ToLowerInvariant();
        var fallback = Path.Combine("/var/lib/datacatalog", hash);
        logger.LogWarning(
            "The postgres user cannot reach {Folder} (root's home is private), so the embedded catalog lives in {Fallback}; set Catalog:DataFolder to choose another place",
            folder, fallback);
        return fallback;
    }

    private const string DefaultDataFolder = ".catalog";

    public async ValueTask DisposeAsync()
    {
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
