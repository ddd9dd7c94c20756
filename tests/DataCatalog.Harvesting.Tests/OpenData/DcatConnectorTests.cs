using DataCatalog.Core.Catalog;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.OpenData;
using DataCatalog.Harvesting.Extract;
using static DataCatalog.Harvesting.Tests.OpenData.CkanConnectorTests;

namespace DataCatalog.Harvesting.Tests.OpenData;

public sealed class DcatConnectorTests : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private static Reply Catalog(LoopbackPortal portal, System.Net.HttpListenerRequest request) => request.QueryString["page"] switch
    {
        null or "1" => portal.Json("dcat-catalog-page1.jsonld"),
        "2" => portal.Json("dcat-catalog-page2.jsonld"),
        _ => new Reply(404, "{}"),
    };

    private async Task<List<ExtractedDataset>> ReadCatalogAsync(LoopbackPortal portal) =>
        await ReadAllAsync(new DcatConnector(_http, QuickRetry), Source(SourceKind.Dcat), portal.BaseUrl + "catalog.jsonld");

    [Fact]
    public async Task Hydra_next_pages_are_followed_to_the_last_page()
    {
        using var portal = new LoopbackPortal(Catalog);

        var datasets = await ReadCatalogAsync(portal);

        Assert.Equal(["seoul-public-parking-lots", "seoul-bus-stop-locations", "seoul-ddareungi-rental-history"], datasets.Select(d => d.QualifiedName));
        Assert.Equal(["/catalog.jsonld", "/catalog.jsonld?page=2"], portal.Requests);
    }

    [Fact]
    public async Task A_publisher_given_by_reference_in_the_graph_is_resolved()
    {
        using var portal = new LoopbackPortal(Catalog);

        var datasets = await ReadCatalogAsync(portal);

        Assert.Equal("서울특별시 교통정책과", datasets[0].Snapshot!.Metadata.Publisher);
        Assert.Equal("서울특별시 교통정책과", datasets[1].Snapshot!.Metadata.Publisher);
        // Page two gives its publisher inline instead.
        Assert.Equal("서울특별시 도시교통실", datasets[2].Snapshot!.Metadata.Publisher);
    }

    [Fact]
    public async Task Korean_text_is_preferred_then_english_then_the_first_given()
    {
        using var portal = new LoopbackPortal(Catalog);

        var datasets = await ReadCatalogAsync(portal);

        var parking = datasets[0].Snapshot!.Metadata;
        Assert.Equal("서울시 공영주차장 정보", parking.Title);
        Assert.Equal("서울시 공영주차장의 위치, 주차면수, 운영시간, 요금 정보입니다.", parking.Description);
        Assert.Equal(["주차장", "공영주차장"], parking.Keywords);
        var bus = datasets[1].Snapshot!.Metadata;
        Assert.Equal("Locations of Seoul bus stops.", bus.Description);
        Assert.Equal("Bushaltestellen in Seoul", bus.Title);
        Assert.Equal(["버스정류소"], bus.Keywords);
    }

    [Fact]
    public async Task Dataset_properties_map_to_portal_metadata()
    {
        using var portal = new LoopbackPortal(Catalog);

        var datasets = await ReadCatalogAsync(portal);

        var parking = datasets[0].Snapshot!;
        Assert.Equal(DatasetKind.PortalDataset, parking.Kind);
        var m = parking.Metadata;
        Assert.Equal("MONTHLY", m.UpdateCycle);
        Assert.Equal("parking@seoul.go.kr", m.ContactPoint);
        Assert.Equal("http://publications.europa.eu/resource/authority/data-theme/TRAN", m.Theme);
        Assert.Equal("https://www.kogl.or.kr/info/licenseType1.do", m.Licence);
        Assert.Equal(new DateTimeOffset(2021, 3, 2, 1, 15, 42, TimeSpan.Zero).AddTicks(3185740), m.Issued);
        Assert.Equal(new DateTimeOffset(2024, 11, 18, 6, 30, 5, TimeSpan.Zero).AddTicks(1270930), m.Modified);
        Assert.Equal(portal.BaseUrl + "dataset/seoul-public-parking-lots", m.LandingPage);
        Assert.Equal([new Distribution("CSV", portal.BaseUrl + "dataset/0b7d1f3c/resource/4a1e6c0b/download/parking.csv", "공영주차장 목록", "text/csv", 182337)], m.Distributions);

        // No downloadURL and no dct:format: the access URL and the IANA media type stand in.
        Assert.Equal(
            [new Distribution("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", portal.BaseUrl + "dataset/e2c41b7a/resource/91f3a2d4", "버스정류소 위치",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")],
            datasets[1].Snapshot!.Metadata.Distributions);
        Assert.Equal("DAILY", datasets[2].Snapshot!.Metadata.UpdateCycle);
    }

    [Fact]
    public async Task A_single_catalog_object_with_expanded_iris_and_nested_datasets_is_read()
    {
        using var portal = new LoopbackPortal((p, _) => p.Json("dcat-catalog-expanded.jsonld"));

        var dataset = Assert.Single(await ReadCatalogAsync(portal));

        Assert.Equal("https://data.example.go.kr/dataset/busan-air-quality", dataset.QualifiedName);
        var m = dataset.Snapshot!.Metadata;
        Assert.Equal("부산광역시 대기질 측정 정보", m.Title);
        Assert.Equal("부산광역시 대기오염 측정소별 시간대 측정값입니다.", m.Description);
        Assert.Equal("부산광역시 환경정책과", m.Publisher);
        Assert.Equal(["대기질", "미세먼지"], m.Keywords);
        Assert.Equal("환경정책과 대기팀", m.ContactPoint);
        Assert.Equal("HOURLY", m.UpdateCycle);
        Assert.Equal(new DateTimeOffset(2024, 11, 20, 0, 0, 0, TimeSpan.Zero), m.Modified);
        Assert.Equal([new Distribution("JSON", "https://data.example.go.kr/api/air")], m.Distributions);
        Assert.Single(portal.Requests);
    }

    [Fact]
    public async Task A_next_page_that_keeps_failing_yields_the_first_page_and_a_page_failure_entry()
    {
        using var portal = new LoopbackPortal((p, r) => r.QueryString["page"] is "2" ? Reply.Error(502) : p.Json("dcat-catalog-page1.jsonld"));

        var datasets = await ReadCatalogAsync(portal);

        Assert.Equal(["seoul-public-parking-lots", "seoul-bus-stop-locations", "dcat:page:2"], datasets.Select(d => d.QualifiedName));
        Assert.Contains("HTTP 502", datasets[2].Error, StringComparison.Ordinal);
        Assert.Equal(4, portal.CountRequests("page=2"));
    }

    [Fact]
    public async Task A_failing_catalogue_throws_source_unavailable()
    {
        using var portal = new LoopbackPortal((_, _) => new Reply(404, "<html>Not Found</html>", "text/html"));

        var thrown = await Assert.ThrowsAsync<SourceUnavailableException>(
            () => ReadAllAsync(new DcatConnector(_http, QuickRetry), Source(SourceKind.Dcat), portal.BaseUrl + "catalog.jsonld?apikey=abc123"));

        Assert.Contains("HTTP 404", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("catalog.jsonld?apikey=***", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", thrown.Message, StringComparison.Ordinal);
        Assert.Single(portal.Requests);
    }

    [Fact]
    public async Task Pages_that_link_in_a_circle_are_read_once()
    {
        // Page two points back at page one, as a misconfigured proxy rewriting URLs can make it.
        using var portal = new LoopbackPortal((p, r) => r.QueryString["page"] is "2"
            ? new Reply(200, p.Fixture("dcat-catalog-page2.jsonld").Replace("\"hydra:previousPage\"", "\"hydra:nextPage\"", StringComparison.Ordinal))
            : p.Json("dcat-catalog-page1.jsonld"));

        var datasets = await ReadCatalogAsync(portal);

        Assert.Equal(3, datasets.Count);
        Assert.Equal(3, portal.Requests.Count);
    }

    [Fact]
    public async Task A_catalogue_reference_to_an_undescribed_dataset_is_skipped()
    {
        const string Catalog = """
            {
              "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
              "@graph": [
                {"@id": "https://portal.example.kr/", "@type": "dcat:Catalog", "dcat:dataset": [{"@id": "https://portal.example.kr/dataset/a"}, {"@id": "https://portal.example.kr/dataset/elsewhere"}]},
                {"@id": "https://portal.example.kr/dataset/a", "@type": "dcat:Dataset", "dct:title": "가 데이터"}
              ]
            }
            """;
        using var portal = new LoopbackPortal((_, _) => new Reply(200, Catalog, "application/ld+json"));

        var dataset = Assert.Single(await ReadCatalogAsync(portal));

        Assert.Equal("https://portal.example.kr/dataset/a", dataset.QualifiedName);
        Assert.Equal("가 데이터", dataset.Snapshot!.Metadata.Title);
    }
}
