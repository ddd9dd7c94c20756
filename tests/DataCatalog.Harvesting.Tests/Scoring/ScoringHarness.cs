using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Scoring;
using DataCatalog.Harvesting.Tests.Pipeline;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Harvesting.Tests.Scoring;

/// <summary>A clock the test sets: scoring, waivers and their expiry are judged at a known instant.</summary>
internal sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The harvest pipeline and scoring as the host wires them, on a fresh catalog, with a settable clock.</summary>
internal sealed class ScoringHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IConfiguration _configuration;

    private ScoringHarness(ServiceProvider services, IConfiguration configuration, string catalog, SettableClock clock)
    {
        _services = services;
        _configuration = configuration;
        CatalogConnectionString = catalog;
        Clock = clock;
    }

    public string CatalogConnectionString { get; }

    public SettableClock Clock { get; }

    public HarvestRunner Runner => _services.GetRequiredService<HarvestRunner>();

    public RuleSetCatalog RuleSets => _services.GetRequiredService<RuleSetCatalog>();

    public FindingActions Findings => _services.GetRequiredService<FindingActions>();

    /// <summary>Another service as the host wires it.</summary>
    public T Services<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public static async Task<ScoringHarness> CreateAsync(DateTimeOffset now)
    {
        var catalog = await TestPostgres.CreateCatalogDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Harvest:Retries"] = "0" }).Build();
        var clock = new SettableClock(now);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCatalogPersistence(catalog)
            .AddHarvesting(configuration)
            .AddSingleton<TimeProvider>(clock)
            .BuildServiceProvider();
        return new ScoringHarness(services, configuration, catalog, clock);
    }

    public CatalogDbContext Catalog() => TestPostgres.Context(CatalogConnectionString);

    /// <summary>A PostgreSQL source of department <paramref name="department"/> filled by <paramref name="sql"/>.</summary>
    public async Task<string> AddPostgresSourceAsync(string id, string department, string sql, string? ruleSet = null)
    {
        var connection = await HarvestHarness.CreateSourceDatabaseAsync(sql);
        _configuration[$"Sources:{id}"] = connection;
        await using var db = Catalog();
        var owner = db.Departments.SingleOrDefault(d => d.Code == department) ?? db.Departments.Add(new Department { Code = department, Name = department + "과" }).Entity;
        db.Sources.Add(new Source
        {
            Id = id, Department = owner, Kind = "postgres", Name = id, ConnectionRef = $"config:Sources:{id}", Schedule = "0 0 3 * * ?", RuleSet = ruleSet,
        });
        await db.SaveChangesAsync();
        return connection;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
