using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Registers a <see cref="CatalogDbContext"/> factory; <paramref name="configure"/> adds to the options (interceptors, logging).</summary>
    public static IServiceCollection AddCatalogPersistence(
        this IServiceCollection services, string connectionString, Action<DbContextOptionsBuilder>? configure = null)
    {
        services.AddDbContextFactory<CatalogDbContext>(options =>
        {
            options.UseCatalogDatabase(connectionString);
            configure?.Invoke(options);
        });
        return services;
    }

    public static DbContextOptionsBuilder UseCatalogDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
            .UseSnakeCaseNamingConvention();
}
