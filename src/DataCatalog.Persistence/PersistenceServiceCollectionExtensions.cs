using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Persistence;

/// <summary>Registers the catalog database.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>The assembly that holds the migrations (under <c>migrations/</c>).</summary>
    public const string MigrationsAssembly = "DataCatalog.Migrations";

    /// <summary>Options for code that runs outside dependency injection (tests, migrations, the CLI).</summary>
    public static DbContextOptions<CatalogDbContext> CreateOptions(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        builder.UseCatalogDatabase(connectionString);
        return builder.Options;
    }

    /// <summary>
    /// Registers a <see cref="CatalogDbContext"/> factory per pool: the unkeyed one on the maintenance pool, and keyed
    /// ones for <see cref="CatalogPool.Api"/> and <see cref="CatalogPool.Harvest"/> (pool sizes from
    /// <paramref name="pools"/>, defaults otherwise); <paramref name="configure"/> adds to every one's options
    /// (interceptors, logging).
    /// </summary>
    public static IServiceCollection AddCatalogPersistence(
        this IServiceCollection services, string connectionString, Action<DbContextOptionsBuilder>? configure = null, CatalogPoolOptions? pools = null)
    {
        var strings = CatalogConnectionStrings.Split(connectionString, pools);
        services.AddSingleton(strings);
        services.AddDbContextFactory<CatalogDbContext>(options =>
        {
            options.UseCatalogDatabase(strings.Maintenance);
            configure?.Invoke(options);
        });
        services.AddKeyedSingleton<IDbContextFactory<CatalogDbContext>>(
            CatalogPool.Api, (sp, _) => new CatalogDbContextFactory(Options(sp, strings.Api, configure)));
        services.AddKeyedSingleton<IDbContextFactory<CatalogDbContext>>(
            CatalogPool.Harvest, (sp, _) => new CatalogDbContextFactory(Options(sp, strings.Harvest, configure)));
        services.AddSingleton<Search.SearchIndex>();
        return services;
    }

    private static DbContextOptions<CatalogDbContext> Options(IServiceProvider services, string connectionString, Action<DbContextOptionsBuilder>? configure)
    {
        var builder = new DbContextOptionsBuilder<CatalogDbContext>();
        builder.UseCatalogDatabase(connectionString);
        if (services.GetService<ILoggerFactory>() is { } loggers)
        {
            builder.UseLoggerFactory(loggers);
        }

        configure?.Invoke(builder);
        return builder.Options;
    }

    /// <summary>New contexts on fixed options, for the keyed pools (EF Core's own factory registers one per context type).</summary>
    private sealed class CatalogDbContextFactory(DbContextOptions<CatalogDbContext> options) : IDbContextFactory<CatalogDbContext>
    {
        public CatalogDbContext CreateDbContext() => new(options);
    }

    public static DbContextOptionsBuilder UseCatalogDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
            .UseSnakeCaseNamingConvention();
}
