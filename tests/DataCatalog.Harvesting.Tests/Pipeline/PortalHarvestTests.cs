using System.Net;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Tests.OpenData;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Harvesting.Tests.Pipeline;

/// <summary>Open-data portals harvested through the whole pipeline from a real HTTP server on loopback.</summary>
public sealed class PortalHarvestTests
{
    private static readonly string[] CkanNames = ["seoul-bus-stop-locations", "seoul-ddareungi-rental-history", "seoul-public-parking-lots"];

    private static Reply CkanPages(LoopbackPortal portal, HttpListenerRequest request, bool secondPageFails) => request.QueryString["start"] switch
    {
        "0" => portal.Json("ckan-package-search-page1.json"),
        "2" when secondPageFails => Reply.Error(500),
        "2" => portal.Json("ckan-package-search-page2.json"),
        _ => new Reply(404, "{}"),
    };

    [Fact]
    public async Task A_ckan_portal_is_harvested_page_by_page_into_the_catalog()
    {
        using var portal = new LoopbackPortal((p, r) => CkanPages(p, r, secondPageFails: false));
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("city-ckan", SourceKind.Ckan, portal.BaseUrl, new() { ["pageSize"] = "2" });

        var run = await harness.Runner.RunAsync("city-ckan", "test", default);

        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        await using var db = harness.Catalog();
        var datasets = await db.Datasets.Where(d => d.SourceId == "city-ckan").OrderBy(d => d.QualifiedName).ToListAsync();
        Assert.Equal(CkanNames, datasets.Select(d => d.QualifiedName));
        var parking = datasets.Single(d => d.QualifiedName == "seoul-public-parking-lots");
        Assert.Equal("서울시 공영주차장 정보", parking.Title);
        Assert.Equal("서울특별시 교통정책과", parking.Publisher);
        Assert.Contains("공영주차장", parking.Keywords);
        Assert.All(datasets, d => Assert.Equal(Core.Catalog.DatasetKind.PortalDataset, d.Kind));
    }

    [Fact]
    public async Task A_portal_page_that_errors_makes_the_run_partial_and_withdraws_nothing()
    {
        var failing = false;
        using var portal = new LoopbackPortal((p, r) => CkanPages(p, r, failing));
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("city-ckan", SourceKind.Ckan, portal.BaseUrl, new() { ["pageSize"] = "2" });
        await harness.Runner.RunAsync("city-ckan", "test", default);

        failing = true;
        var run = await harness.Runner.RunAsync("city-ckan", "test", default);

        Assert.Equal(HarvestStatus.Partial, run.Status);
        Assert.Equal((2, 0, 1), (run.DatasetsSeen, run.DatasetsWithdrawn, run.DatasetsFailed));
        Assert.StartsWith("ckan:page:2", Assert.Single(run.DatasetErrors).Dataset, StringComparison.Ordinal);
        await using var db = harness.Catalog();
        Assert.Equal(3, await db.Datasets.CountAsync(d => d.SourceId == "city-ckan" && d.Status == DatasetStatus.Active));
    }

    [Fact]
    public async Task A_listing_shorter_than_the_portals_count_ends_partial_with_a_warning_and_withdraws_nothing()
    {
        var shortListing = false;
        using var portal = new LoopbackPortal((_, r) => (r.QueryString["start"], shortListing) switch
        {
            ("0", _) => CkanPagingTests.Search(3, "parking", "bus"),
            (_, false) => CkanPagingTests.Search(3, "bikes"),
            _ => CkanPagingTests.Search(3),
        });
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("city-ckan", SourceKind.Ckan, portal.BaseUrl, new() { ["pageSize"] = "2" });
        Assert.Equal(HarvestStatus.Succeeded, (await harness.Runner.RunAsync("city-ckan", "test", default)).Status);

        shortListing = true;
        var run = await harness.Runner.RunAsync("city-ckan", "test", default);

        Assert.Equal(HarvestStatus.Partial, run.Status);
        Assert.Equal((2, 0, 0), (run.DatasetsSeen, run.DatasetsWithdrawn, run.DatasetsFailed));
        Assert.Contains(run.Warnings, w => w.Contains("counts 3 datasets but paging returned 2", StringComparison.Ordinal));
        await using var db = harness.Catalog();
        Assert.Equal(3, await db.Datasets.CountAsync(d => d.SourceId == "city-ckan" && d.Status == DatasetStatus.Active));
    }

    [Fact]
    public async Task A_dcat_catalog_is_harvested_across_its_hydra_pages()
    {
        using var portal = new LoopbackPortal((p, r) => r.QueryString["page"] switch
        {
            null or "1" => p.Json("dcat-catalog-page1.jsonld"),
            "2" => p.Json("dcat-catalog-page2.jsonld"),
            _ => new Reply(404, "{}"),
        });
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("city-dcat", SourceKind.Dcat, portal.BaseUrl + "catalog.jsonld");

        var run = await harness.Runner.RunAsync("city-dcat", "test", default);

        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        await using var db = harness.Catalog();
        Assert.Equal(CkanNames, await db.Datasets.Where(d => d.SourceId == "city-dcat").OrderBy(d => d.QualifiedName).Select(d => d.QualifiedName).ToListAsync());
    }

    [Fact]
    public async Task A_dcat_catalogue_in_rdf_xml_is_published_with_dates_distributions_contact_and_landing_page()
    {
        using var portal = new LoopbackPortal((p, r) => new Reply(200,
            p.Fixture(r.QueryString["page"] == "2" ? "dcat-ckan-catalog-page2.rdf" : "dcat-ckan-catalog-page1.rdf"), "application/rdf+xml"));
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("city-dcat-rdf", SourceKind.Dcat, portal.BaseUrl + "catalog.xml");

        var run = await harness.Runner.RunAsync("city-dcat-rdf", "test", default);

        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        Assert.Equal(3, run.DatasetsAdded);
        await using var db = harness.Catalog();
        var parking = await db.Datasets.SingleAsync(d => d.SourceId == "city-dcat-rdf" && d.QualifiedName == "3c9e0d41-7b2a-4f18-9a6c-2d5e8f1b0a11");
        Assert.Equal("부산광역시 공영주차장 현황", parking.Title);
        Assert.Equal("https://www.busan.go.kr/parking/open", parking.LandingPage);
        Assert.Equal("parking@busan.go.kr", parking.ContactPoint);
        Assert.Equal(new DateTimeOffset(2022, 4, 11, 9, 12, 30, TimeSpan.Zero).AddTicks(1182040), parking.SourceIssued);
        Assert.Equal(new DateTimeOffset(2025, 10, 2, 1, 45, 0, TimeSpan.Zero).AddTicks(5523100), parking.SourceModified);
        Assert.Equal(
            [
                new Core.Catalog.Distribution("CSV", portal.BaseUrl + "dataset/3c9e0d41/resource/7a2b9c10/download/parking.csv", "공영주차장 목록", "text/csv", 182337),
                new Core.Catalog.Distribution("JSON", "https://apis.data.go.kr/6260000/BusanParking/getParkingList", "공영주차장 Open API"),
            ],
            parking.Distributions);

        // The same catalogue harvested again records no change: the new fields round-trip through the catalogue.
        var again = await harness.Runner.RunAsync("city-dcat-rdf", "test", default);
        Assert.Equal((0, 0, 0), (again.DatasetsAdded, again.DatasetsChanged, again.DatasetsWithdrawn));
    }

    [Fact]
    public async Task A_catalogue_in_turtle_fails_the_run_at_once_without_the_runners_retries()
    {
        using var portal = new LoopbackPortal((_, _) => new Reply(200, "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n", "text/turtle"));
        await using var harness = await HarvestHarness.CreateAsync(new Dictionary<string, string?> { ["Harvest:Retries"] = "2", ["Harvest:RetryDelay"] = "00:00:00.010" });
        await harness.AddSourceAsync("city-dcat-ttl", SourceKind.Dcat, portal.BaseUrl + "catalog.ttl");

        var run = await harness.Runner.RunAsync("city-dcat-ttl", "test", default);

        Assert.Equal(HarvestStatus.Failed, run.Status);
        Assert.Contains("Source 'city-dcat-ttl' (dcat)", run.Error, StringComparison.Ordinal);
        Assert.Contains("the answer is Turtle (text/turtle); this connector reads RDF/XML (application/rdf+xml) and JSON-LD (application/ld+json), not Turtle", run.Error, StringComparison.Ordinal);
        Assert.Contains("Fix: point the source at the catalogue's RDF/XML or JSON-LD document", run.Error, StringComparison.Ordinal);
        Assert.Single(portal.Requests);
    }

    [Fact]
    public async Task An_unavailable_catalogue_is_still_retried_by_the_runner()
    {
        // The counterpart of the test above: with the same settings, a passing fault is asked again (1 + 2 runner retries, each with 1 + 3 connector attempts).
        using var portal = new LoopbackPortal((_, _) => Reply.Error(503));
        await using var harness = await HarvestHarness.CreateAsync(new Dictionary<string, string?> { ["Harvest:Retries"] = "2", ["Harvest:RetryDelay"] = "00:00:00.010" });
        await harness.AddSourceAsync("city-dcat-down", SourceKind.Dcat, portal.BaseUrl + "catalog.xml");

        var run = await harness.Runner.RunAsync("city-dcat-down", "test", default);

        Assert.Equal(HarvestStatus.Failed, run.Status);
        Assert.Equal(12, portal.Requests.Count);
    }
}
