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

    /// <summary>Configuration the demo's source files refer to (connections of the demo databases, the drop folder, the portal).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Connects (starting the embedded cluster when no <c>ConnectionStrings:Catalog</c> is set) and migrates the schema.</summary>
    public static async Task<CatalogDatabase> OpenAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
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
                var folder = Path.GetFullPath(configuration["Catalog:DataFolder"] ?? ".catalog");
                cluster = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(folder), logger, cancellationToken);
                await cluster.EnsureDatabaseAsync("catalog", cancellationToken);
                connectionString = cluster.ConnectionString("catalog");
                if (configuration.GetValue("Catalog:Demo", true))
                {
                    portal = DemoPortal.Start();
                    settings = await DemoCity.PrepareAsync(cluster, folder, portal, logger, cancellationToken);
                }
            }

            await using (var db = new CatalogDbContext(PersistenceServiceCollectionExtensions.CreateOptions(connectionString)))
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                if (pending.Count > 0)
                {
                    logger.LogInformation("Applying {Count} catalog migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                    await db.Database.MigrateAsync(cancellationToken);
                }
            }

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
