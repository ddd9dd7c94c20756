using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Sources;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Harvesting.Tests.Sources;

/// <summary>Source files loaded from a real folder and applied to a real catalog database.</summary>
public sealed class SourceCatalogWriterTests : IClassFixture<CatalogDatabaseFixture>, IAsyncLifetime
{
    private readonly CatalogDatabaseFixture _database;
    private readonly string _files = Directory.CreateTempSubdirectory("datacatalog-source-files-").FullName;
    private readonly string _drop = Directory.CreateTempSubdirectory("datacatalog-source-drop-").FullName;
    private readonly ServiceProvider _services;

    public SourceCatalogWriterTests(CatalogDatabaseFixture database)
    {
        _database = database;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Harvest:Retries"] = "0", ["Sources:Drops:Parks"] = _drop })
            .Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCatalogPersistence(database.ConnectionString)
            .AddHarvesting(configuration)
            .BuildServiceProvider();
    }

    private SourceCatalogWriter Writer => _services.GetRequiredService<SourceCatalogWriter>();

    public Task InitializeAsync() => File.WriteAllTextAsync(Path.Combine(_drop, "parks.csv"), "park_id,name\n1,남산공원\n2,서울숲\n");

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_files, recursive: true);
        Directory.Delete(_drop, recursive: true);
    }

    private static string Department(string code, string name, params string[] sources) => $$"""
        {
          "department": {"code": "{{code}}", "name": "{{name}}"},
          "sources": [{{string.Join(",", sources)}}]
        }
        """;

    private static string Postgres(string id, string env, string schedule = "0 0 3 * * ?") => $$"""
        {"id": "{{id}}", "kind": "postgres", "name": "{{id}} 운영 DB", "connection": {"env": "{{env}}"}, "schedule": "{{schedule}}",
         "ruleSet": "default", "owner": "김데이터", "options": {"schemas": "public"} }
        """;

    private static string Drop(string id, string config) => $$"""
        {"id": "{{id}}", "kind": "file-drop", "name": "{{id}} 자료실", "connection": {"config": "{{config}}"}, "schedule": "0 30 4 ? * MON-FRI", "timeZone": "UTC" }
        """;

    private void Write(string file, string json) => File.WriteAllText(Path.Combine(_files, file), json);

    private async Task<SourceFileSet> LoadAsync()
    {
        var result = await (await SourceFileLoader.CreateAsync()).LoadDirectoryAsync(_files);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Sources!;
    }

    private async Task<SourceCatalogWriter.Summary> ApplyFolderAsync() => await Writer.ApplyAsync(await LoadAsync(), CancellationToken.None);

    [Fact]
    public async Task Applying_source_files_creates_departments_and_sources_that_hold_their_connection_as_a_reference()
    {
        Write("roads.json", Department("roads", "도로계획과", Postgres("roads-db", "DATACATALOG_SOURCE_ROADS_DB"), Drop("roads-drop", "Sources:Drops:Roads")));
        Write("water.json", Department("water", "물관리정책과", Postgres("water-db", "DATACATALOG_SOURCE_WATER_DB")));

        var summary = await ApplyFolderAsync();

        Assert.Equal(new SourceCatalogWriter.Summary(Created: 3, Updated: 0, Disabled: 0, Unchanged: 0), summary);
        await using var db = _database.CreateContext();
        var departments = await db.Departments.Where(d => d.Code == "roads" || d.Code == "water").OrderBy(d => d.Code).ToListAsync();
        Assert.Equal([("roads", "도로계획과"), ("water", "물관리정책과")], departments.Select(d => (d.Code, d.Name)));
        var roadsDb = await db.Sources.Include(s => s.Department).SingleAsync(s => s.Id == "roads-db");
        Assert.Equal(("roads", "postgres", "roads-db 운영 DB", "0 0 3 * * ?", "Asia/Seoul", "default", "김데이터", true),
            (roadsDb.Department!.Code, roadsDb.Kind, roadsDb.Name, roadsDb.Schedule, roadsDb.TimeZone, roadsDb.RuleSet, roadsDb.Owner, roadsDb.Enabled));
        Assert.Equal(new Dictionary<string, string> { ["schemas"] = "public" }, roadsDb.Options);
        Assert.Equal("env:DATACATALOG_SOURCE_ROADS_DB", roadsDb.ConnectionRef);
        var roadsDrop = await db.Sources.SingleAsync(s => s.Id == "roads-drop");
        Assert.Equal(("config:Sources:Drops:Roads", "0 30 4 ? * MON-FRI", "UTC"), (roadsDrop.ConnectionRef, roadsDrop.Schedule, roadsDrop.TimeZone));
        Assert.Equal("env:DATACATALOG_SOURCE_WATER_DB", (await db.Sources.SingleAsync(s => s.Id == "water-db")).ConnectionRef);
    }

    [Fact]
    public async Task Applying_the_same_files_again_reports_every_source_unchanged_and_touches_none()
    {
        Write("fire.json", Department("fire", "소방행정과", Postgres("fire-db", "DATACATALOG_SOURCE_FIRE_DB"), Drop("fire-drop", "Sources:Drops:Fire")));
        await ApplyFolderAsync();
        Dictionary<string, DateTimeOffset> updatedBefore;
        await using (var db = _database.CreateContext())
        {
            updatedBefore = await db.Sources.Where(s => s.Department!.Code == "fire").ToDictionaryAsync(s => s.Id, s => s.UpdatedAt);
        }

        var summary = await ApplyFolderAsync();

        Assert.Equal(new SourceCatalogWriter.Summary(Created: 0, Updated: 0, Disabled: 0, Unchanged: 2), summary);
        await using var after = _database.CreateContext();
        Assert.Equal(updatedBefore, await after.Sources.Where(s => s.Department!.Code == "fire").ToDictionaryAsync(s => s.Id, s => s.UpdatedAt));
    }

    [Fact]
    public async Task A_source_removed_from_its_department_files_is_disabled_not_deleted_and_keeps_its_datasets()
    {
        Write("parks.json", Department("parks", "공원조성과", Postgres("parks-db", "DATACATALOG_SOURCE_PARKS_DB"), Drop("parks-drop", "Sources:Drops:Parks")));
        await ApplyFolderAsync();
        var run = await _services.GetRequiredService<HarvestRunner>().RunAsync("parks-drop", "cli", CancellationToken.None);
        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        Write("parks.json", Department("parks", "공원조성과", Postgres("parks-db", "DATACATALOG_SOURCE_PARKS_DB")));

        var summary = await ApplyFolderAsync();

        Assert.Equal(new SourceCatalogWriter.Summary(Created: 0, Updated: 0, Disabled: 1, Unchanged: 1), summary);
        await using var db = _database.CreateContext();
        var removed = await db.Sources.SingleAsync(s => s.Id == "parks-drop");
        Assert.False(removed.Enabled);
        Assert.True((await db.Sources.SingleAsync(s => s.Id == "parks-db")).Enabled);
        var dataset = Assert.Single(await db.Datasets.Where(d => d.SourceId == "parks-drop").ToListAsync());
        Assert.Equal(DatasetStatus.Active, dataset.Status);
        Assert.Single(await db.HarvestRuns.Where(r => r.SourceId == "parks-drop").ToListAsync());
    }

    [Fact]
    public async Task A_source_moved_to_a_department_whose_file_is_read_first_stays_enabled_under_its_new_department()
    {
        Write("zoning.json", Department("zoning", "도시계획과", Postgres("zoning-db", "DATACATALOG_SOURCE_ZONING_DB"), Postgres("housing-db", "DATACATALOG_SOURCE_HOUSING_DB")));
        await ApplyFolderAsync();
        // Files are read in name order, so the new department's file comes before the old one's.
        Write("housing.json", Department("housing", "주택정책과", Postgres("housing-db", "DATACATALOG_SOURCE_HOUSING_DB")));
        Write("zoning.json", Department("zoning", "도시계획과", Postgres("zoning-db", "DATACATALOG_SOURCE_ZONING_DB")));

        var summary = await ApplyFolderAsync();

        Assert.Equal(new SourceCatalogWriter.Summary(Created: 0, Updated: 1, Disabled: 0, Unchanged: 1), summary);
        await using var db = _database.CreateContext();
        var moved = await db.Sources.Include(s => s.Department).SingleAsync(s => s.Id == "housing-db");
        Assert.Equal(("housing", true), (moved.Department!.Code, moved.Enabled));
    }

    [Fact]
    public async Task An_invalid_file_beside_valid_ones_makes_the_loader_return_errors_and_leaves_the_catalog_as_it_was()
    {
        Write("health.json", Department("health", "보건정책과", Postgres("health-db", "DATACATALOG_SOURCE_HEALTH_DB")));
        await ApplyFolderAsync();
        var before = await CountRowsAsync();
        // A change to a valid file and a new department in a broken one: neither may reach the catalog.
        Write("health.json", Department("health", "보건정책과", Postgres("health-db", "DATACATALOG_SOURCE_HEALTH_DB", "0 0 5 * * ?")));
        Write("market.json", Department("market", "전통시장과", Postgres("market-db", "DATACATALOG_SOURCE_MARKET_DB", "every night")));

        var result = await (await SourceFileLoader.CreateAsync()).LoadDirectoryAsync(_files);
        if (result.Succeeded)
        {
            await Writer.ApplyAsync(result.Sources!, CancellationToken.None);
        }

        Assert.False(result.Succeeded);
        Assert.Null(result.Sources);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("market.json", "$.sources[0].schedule"), (error.File, error.JsonPath));
        Assert.Equal(before, await CountRowsAsync());
        await using var db = _database.CreateContext();
        Assert.Equal("0 0 3 * * ?", (await db.Sources.SingleAsync(s => s.Id == "health-db")).Schedule);
        Assert.False(await db.Departments.AnyAsync(d => d.Code == "market"));
    }

    private async Task<(int Departments, int Sources, int EnabledSources)> CountRowsAsync()
    {
        await using var db = _database.CreateContext();
        return (await db.Departments.CountAsync(), await db.Sources.CountAsync(), await db.Sources.CountAsync(s => s.Enabled));
    }
}
