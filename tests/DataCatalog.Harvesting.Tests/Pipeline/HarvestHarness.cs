using DataCatalog.Harvesting.Extract;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DataCatalog.Harvesting.Tests.Pipeline;

/// <summary>The harvest pipeline as the host wires it, over a fresh catalog database and real source databases.</summary>
public sealed class HarvestHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Dictionary<string, string?> _settings;

    private HarvestHarness(ServiceProvider services, Dictionary<string, string?> settings, string catalog)
    {
        _services = services;
        _settings = settings;
        CatalogConnectionString = catalog;
    }

    public string CatalogConnectionString { get; }

    public HarvestRunner Runner => _services.GetRequiredService<HarvestRunner>();

    /// <param name="extraConnectors">Connectors added beside the real ones (a test's own kinds).</param>
    public static Task<HarvestHarness> CreateAsync(params ISourceConnector[] extraConnectors) => CreateAsync(null, extraConnectors);

    /// <param name="extraSettings">Configuration beside the defaults (no retries), e.g. retries for a test of what is retried.</param>
    /// <param name="extraConnectors">Connectors added beside the real ones (a test's own kinds).</param>
    public static async Task<HarvestHarness> CreateAsync(IReadOnlyDictionary<string, string?>? extraSettings, params ISourceConnector[] extraConnectors)
    {
        var catalog = await TestPostgres.CreateCatalogDatabaseAsync();
        var settings = new Dictionary<string, string?> { ["Harvest:Retries"] = "0" };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCatalogPersistence(catalog)
            .AddHarvesting(configuration);
        foreach (var connector in extraConnectors)
        {
            services.AddSingleton(connector);
        }

        return new HarvestHarness(services.BuildServiceProvider(), settings, catalog);
    }

    /// <summary>The registered connector of type <typeparamref name="T"/>, to read what it counted.</summary>
    public T Connector<T>() where T : ISourceConnector => _services.GetServices<ISourceConnector>().OfType<T>().Single();

    public CatalogDbContext Catalog() => TestPostgres.Context(CatalogConnectionString);

    /// <summary>Adds a department source whose connection is the configuration key <c>Sources:&lt;id&gt;</c>.</summary>
    public async Task AddSourceAsync(string id, string kind, string connection, Dictionary<string, string>? options = null)
    {
        _settings[$"Sources:{id}"] = connection;
        _services.GetRequiredService<IConfiguration>()[$"Sources:{id}"] = connection;
        await using var db = Catalog();
        var department = db.Departments.SingleOrDefault(d => d.Code == "test") ?? db.Departments.Add(new Department { Code = "test", Name = "시험과" }).Entity;
        db.Sources.Add(new Source
        {
            Id = id,
            Department = department,
            Kind = kind,
            Name = id,
            ConnectionRef = $"config:Sources:{id}",
            Schedule = "0 0 3 * * ?",
            Options = options ?? [],
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A new database on the test cluster filled by <paramref name="sql"/>; returns its connection string.</summary>
    public static async Task<string> CreateSourceDatabaseAsync(string sql)
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync("src");
        await ExecuteAsync(connectionString, sql);
        return connectionString;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // A backend publishes its table statistics at most once a second (PostgreSQL 15); forcing it here makes a
        // harvest right after see these writes, as a harvest a few seconds later would.
        await using var command = new NpgsqlCommand(sql + "\n;SELECT pg_stat_force_next_flush();", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
