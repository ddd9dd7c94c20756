using DataCatalog.Api;
using DataCatalog.Harvesting;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Host.Startup;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Embedded;

namespace DataCatalog.Host.Cli;

/// <summary>What every verb that touches the catalog shares: the database, configuration and services.</summary>
internal static class CatalogServices
{
    public static readonly string[] QuietCategories = ["Microsoft.EntityFrameworkCore", "Quartz", "System.Net.Http.HttpClient"];

    /// <summary>A builder whose settings come from beside the executable, so relative paths on the command line
    /// (a source folder, the data folder) mean what they mean in the caller's shell.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

    /// <summary>Opens the catalog database and registers persistence and harvesting on <paramref name="builder"/>.</summary>
    public static async Task<CatalogDatabase> AddCatalogAsync(WebApplicationBuilder builder, ClusterRole role, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
        var database = await CatalogDatabase.OpenAsync(builder.Configuration, role, loggers.CreateLogger("DataCatalog.Startup"), cancellationToken);
        builder.Configuration.AddInMemoryCollection(database.Settings);
        var pools = ConnectionStrings(builder.Configuration, database.ConnectionString);
        await pools.CheckServerCapacityAsync(cancellationToken);
        builder.Services.AddCatalogPersistence(database.ConnectionString, pools: pools.Pools);
        builder.Services.AddHarvesting(builder.Configuration);
        builder.Services.AddCatalogApi();
        return database;
    }

    /// <summary>The catalog's pools (<c>Database:Pools</c>), each with its own Application Name and Maximum Pool Size.</summary>
    public static CatalogConnectionStrings ConnectionStrings(IConfiguration configuration, string connectionString) =>
        CatalogConnectionStrings.Split(connectionString, configuration.GetSection("Database:Pools").Get<CatalogPoolOptions>());

    /// <summary>Options of the harvest section, read before the container exists.</summary>
    public static HarvestOptions HarvestOptions(IConfiguration configuration) =>
        configuration.GetSection("Harvest").Get<HarvestOptions>() ?? new HarvestOptions();
}
