using System.Net;
using System.Text.Json;
using DataCatalog.Api.Tests.Reports;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Publishing;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Tests.Publishing;

/// <summary>The city's own catalogue published over loopback HTTP and harvested back into a second catalog by the DCAT connector.</summary>
public sealed class CatalogPublishingTests(ReportApiServer server) : IClassFixture<ReportApiServer>, IAsyncLifetime
{
    // file-drop and CKAN sources are public by default (4 + 10 active datasets); the two databases are not.
    private const int PublicDatasets = 14;

    public async Task InitializeAsync()
    {
        // Every field the connector reads, on a file and a portal dataset; the rest keep the seed's title, description and keywords.
        await using var db = TestPostgres.Context(server.ConnectionString);
        foreach (var dataset in await db.Datasets.Where(d => d.SourceId == "wel-portal" || d.SourceId == "trn-files").ToListAsync())
        {
            if (dataset.QualifiedName is "senior-center" or "drops/bus_shelter.csv" && dataset.Licence is null)
            {
                dataset.Publisher = "부산광역시";
                dataset.Licence = "공공누리 제1유형";
                dataset.Theme = "교통물류";
                dataset.ContactPoint = dataset.SourceId == "wel-portal" ? "welfare@city.go.kr" : "051-888-1234";
                dataset.LandingPage = "https://data.city.go.kr/dataset/" + dataset.Id;
                dataset.SourceIssued = new DateTimeOffset(2022, 4, 11, 9, 12, 30, TimeSpan.Zero).AddTicks(1182040);
                dataset.SourceModified = new DateTimeOffset(2025, 10, 2, 1, 45, 0, TimeSpan.Zero);
                dataset.Distributions =
                [
                    new Distribution("CSV", "https://data.city.go.kr/files/" + dataset.Id + ".csv", "목록 파일", "text/csv", 182337),
                    new Distribution("JSON", "https://apis.city.go.kr/" + dataset.Id),
                ];
            }
        }

        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/catalog.jsonld")]
    [InlineData("/catalog.rdf")]
    public async Task The_published_catalogue_harvested_back_by_the_dcat_connector_equals_the_public_datasets_field_for_field(string path)
    {
        await using var second = await SecondCatalog.CreateAsync();
        await second.AddDcatSourceAsync("city-own", server.Address + path);

        var run = await second.Runner.RunAsync("city-own", "test", default);

        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        Assert.Equal(PublicDatasets, run.DatasetsAdded);
        await using var original = TestPostgres.Context(server.ConnectionString);
        var expected = await original.Datasets.Include(d => d.Source!).ThenInclude(s => s.Department)
            .Where(d => d.Status == DatasetStatus.Active && (d.SourceId == "wel-portal" || d.SourceId == "trn-files"))
            .OrderBy(d => d.Id).ToListAsync();
        await using var harvested = second.Catalog();
        var actual = await harvested.Datasets.Where(d => d.SourceId == "city-own").ToDictionaryAsync(d => d.QualifiedName);
        Assert.Equal(PublicDatasets, actual.Count);
        foreach (var d in expected)
        {
            var h = actual[$"{d.SourceId}:{d.QualifiedName}"];
            Assert.Equal(d.Title, h.Title);
            Assert.Equal(d.Description, h.Description);
            Assert.Equal(d.Publisher ?? d.Source!.Department!.Name, h.Publisher);
            Assert.Equal(d.Keywords, h.Keywords);
            Assert.Equal(d.Theme, h.Theme);
            Assert.Equal(d.ContactPoint, h.ContactPoint);
            Assert.Equal(d.Licence, h.Licence);
            Assert.Equal(d.LandingPage, h.LandingPage);
            Assert.Equal(d.SourceIssued, h.SourceIssued);
            Assert.Equal(d.SourceModified, h.SourceModified);
            Assert.Equal(d.Distributions, h.Distributions);
            // DCAT-AP names the cycle by the EU frequency table (월간 → …/frequency/MONTHLY); the harvest keeps the code.
            Assert.Equal(PublicationPolicy.Frequency(d.UpdateCycle), h.UpdateCycle);
        }

        Assert.Equal(2, actual.Values.Count(h => h.Licence is not null));
    }

    [Fact]
    public async Task The_jsonld_catalogue_is_paged_with_a_hydra_partial_collection_view()
    {
        using var response = await server.GetAsync("/catalog.jsonld?page=2", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var graph = json.RootElement.GetProperty("@graph").EnumerateArray().ToList();
        var view = graph.Single(n => n.GetProperty("@type").GetString() == "hydra:PartialCollectionView");
        Assert.Equal(server.Address + "/catalog.jsonld?page=3", view.GetProperty("hydra:next").GetString());
        Assert.Equal(server.Address + "/catalog.jsonld?page=1", view.GetProperty("hydra:previous").GetString());
        Assert.Equal(PublicDatasets, view.GetProperty("hydra:totalItems").GetInt32());
        var datasets = graph.Single(n => n.GetProperty("@type").GetString() == "dcat:Catalog").GetProperty("dcat:dataset").EnumerateArray().ToList();
        Assert.Equal(5, datasets.Count);
        // DQV: the latest dimension scores of the seed (completeness 90, validity 80 + n % 5).
        var measurements = datasets[0].GetProperty("dqv:hasQualityMeasurement").EnumerateArray().ToList();
        Assert.Equal("90", measurements[0].GetProperty("dqv:value").GetProperty("@value").GetString());
        Assert.EndsWith("/catalog/quality#completeness", measurements[0].GetProperty("dqv:isMeasurementOf").GetProperty("@id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_from_a_database_source_or_about_columns_is_published()
    {
        using var response = await server.GetAsync("/catalog.jsonld?page=1", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("trn-db:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("env-db:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("manager_phone", text, StringComparison.Ordinal);
        using var rdf = await server.GetAsync("/catalog.rdf?page=4", null);
        Assert.Equal(HttpStatusCode.NotFound, rdf.StatusCode);
    }

    [Fact]
    public async Task The_portal_catalogue_list_has_the_36_columns_and_a_row_per_public_dataset()
    {
        using var response = await server.GetAsync("/catalog.csv", null);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var rows = ReportExportTests.Read(bytes);
        Assert.Equal(36, rows[0].Length);
        Assert.Equal(["목록키", "목록유형", "목록명"], rows[0][..3]);
        Assert.Equal("표준데이터여부", rows[0][35]);
        Assert.Equal(PublicDatasets + 1, rows.Count);
        var shelter = rows.Single(r => r[0] == "trn-files:drops/bus_shelter.csv");
        Assert.Equal(["파일데이터", "버스 승차대 관리대장", "drops/bus_shelter.csv"], shelter[1..4]);
        Assert.Equal(["부산광역시", "교통정책과", "051-888-1234"], shelter[6..9]);
        Assert.Equal("월간", shelter[11]);
        Assert.Equal("CSV,JSON", shelter[15]);
        Assert.Equal("버스,승차대", shelter[16]);
        Assert.Equal(["2022-04-11", "2025-10-02"], shelter[18..20]);
        Assert.Equal("공공누리 제1유형", shelter[28]);
    }

    /// <summary>A second catalog with the harvest pipeline as the host wires it.</summary>
    private sealed class SecondCatalog(ServiceProvider services, IConfiguration configuration, string connectionString) : IAsyncDisposable
    {
        public HarvestRunner Runner => services.GetRequiredService<HarvestRunner>();

        public CatalogDbContext Catalog() => TestPostgres.Context(connectionString);

        public static async Task<SecondCatalog> CreateAsync()
        {
            var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Harvest:Retries"] = "0" }).Build();
            var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
                .AddCatalogPersistence(connectionString).AddHarvesting(configuration).BuildServiceProvider();
            return new SecondCatalog(services, configuration, connectionString);
        }

        public async Task AddDcatSourceAsync(string id, string url)
        {
            configuration[$"Sources:{id}"] = url;
            await using var db = Catalog();
            db.Sources.Add(new Source
            {
                Id = id,
                Department = new Department { Code = "national", Name = "국가 포털" },
                Kind = SourceKind.Dcat,
                Name = id,
                ConnectionRef = $"config:Sources:{id}",
                Schedule = "0 0 3 * * ?",
            });
            await db.SaveChangesAsync();
        }

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
