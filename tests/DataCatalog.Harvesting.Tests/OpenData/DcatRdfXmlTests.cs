using System.Collections.Concurrent;
using System.Net;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.OpenData;
using DataCatalog.Harvesting.Extract;
using static DataCatalog.Harvesting.Tests.OpenData.CkanConnectorTests;

namespace DataCatalog.Harvesting.Tests.OpenData;

/// <summary>DCAT catalogues in RDF/XML, in the shapes ckanext-dcat, data.europa.eu and DCAT-AP 3 publish, and formats that are refused.</summary>
public sealed class DcatRdfXmlTests : IDisposable
{
    private const string RdfXml = "application/rdf+xml; charset=utf-8";
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private static Reply Rdf(LoopbackPortal portal, string fixture) => new(200, portal.Fixture(fixture), RdfXml);

    private static Reply CkanCatalog(LoopbackPortal portal, HttpListenerRequest request) => request.QueryString["page"] switch
    {
        null or "1" => Rdf(portal, "dcat-ckan-catalog-page1.rdf"),
        "2" => Rdf(portal, "dcat-ckan-catalog-page2.rdf"),
        _ => new Reply(404, "<html>Not Found</html>", "text/html"),
    };

    private async Task<List<ExtractedDataset>> ReadAsync(LoopbackPortal portal, string path = "catalog.xml") =>
        await ReadAllAsync(new DcatConnector(_http, QuickRetry), Source(SourceKind.Dcat), portal.BaseUrl + path);

    [Fact]
    public async Task A_ckanext_dcat_rdf_xml_catalogue_is_read_across_its_hydra_pages_asking_for_rdf_xml_and_json_ld()
    {
        var accepts = new ConcurrentQueue<string?>();
        using var portal = new LoopbackPortal((p, r) =>
        {
            accepts.Enqueue(r.Headers["Accept"]);
            return CkanCatalog(p, r);
        });

        var datasets = await ReadAsync(portal);

        Assert.Equal(
            ["3c9e0d41-7b2a-4f18-9a6c-2d5e8f1b0a11", "8d4f2e90-1c3b-4a57-b6d8-0e9f1a2b3c44", "f0a1b2c3-d4e5-4f60-8a9b-0c1d2e3f4a55"],
            datasets.Select(d => d.QualifiedName));
        Assert.All(datasets, d => Assert.Null(d.Error));
        Assert.Equal(["/catalog.xml", "/catalog.xml?page=2"], portal.Requests);
        Assert.All(accepts, a =>
        {
            Assert.StartsWith("application/rdf+xml, application/ld+json", a, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Ckanext_dcat_nested_nodes_map_to_portal_metadata_in_korean()
    {
        using var portal = new LoopbackPortal(CkanCatalog);

        var datasets = await ReadAsync(portal);

        var m = datasets[0].Snapshot!.Metadata;
        Assert.Equal("부산광역시 공영주차장 현황", m.Title);
        Assert.Equal("부산광역시 공영주차장의 위치, 주차면수, 요금 정보입니다.", m.Description);
        Assert.Equal("부산광역시 교통정책과", m.Publisher);
        Assert.Equal(["주차장", "공영주차장"], m.Keywords);
        Assert.Equal("https://www.kogl.or.kr/info/licenseType1.do", m.Licence);
        Assert.Equal("MONTHLY", m.UpdateCycle);
        Assert.Equal(portal.BaseUrl + "group/transport", m.Theme);
        Assert.Equal("parking@busan.go.kr", m.ContactPoint);
        Assert.Equal("https://www.busan.go.kr/parking/open", m.LandingPage);
        Assert.Equal(new DateTimeOffset(2022, 4, 11, 9, 12, 30, TimeSpan.Zero).AddTicks(1182040), m.Issued);
        Assert.Equal(new DateTimeOffset(2025, 10, 2, 1, 45, 0, TimeSpan.Zero).AddTicks(5523100), m.Modified);
        Assert.Equal(
            [
                new Distribution("CSV", portal.BaseUrl + "dataset/3c9e0d41/resource/7a2b9c10/download/parking.csv", "공영주차장 목록", "text/csv", 182337),
                new Distribution("JSON", "https://apis.data.go.kr/6260000/BusanParking/getParkingList", "공영주차장 Open API"),
            ],
            m.Distributions);

        // Publisher by rdf:resource to the organisation described under the first dataset; a date without a time.
        var stops = datasets[1].Snapshot!.Metadata;
        Assert.Equal("부산광역시 교통정책과", stops.Publisher);
        Assert.Equal(new DateTimeOffset(2025, 9, 30, 0, 0, 0, TimeSpan.Zero), stops.Modified);
        Assert.Null(stops.LandingPage);
        Assert.Empty(stops.Distributions);
    }

    [Fact]
    public async Task Flat_descriptions_with_rdf_type_node_ids_and_xml_base_are_read_like_typed_elements()
    {
        using var portal = new LoopbackPortal((p, _) => Rdf(p, "dcat-europa-catalog.rdf"));

        var datasets = await ReadAsync(portal, "catalogue.rdf");

        Assert.Equal([portal.BaseUrl + "data/datasets/daegu-air-quality", "daegu-libraries"], datasets.Select(d => d.QualifiedName));
        var m = datasets[0].Snapshot!.Metadata;
        // No Korean text here: English wins over German.
        Assert.Equal("Daegu air quality measurements", m.Title);
        Assert.Equal(["air quality", "PM10"], m.Keywords);
        Assert.Equal("대구광역시 환경정책과", m.Publisher);
        Assert.Equal("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0", m.Licence);
        Assert.Equal("DAILY", m.UpdateCycle);
        Assert.Equal("http://publications.europa.eu/resource/authority/data-theme/ENVI", m.Theme);
        Assert.Equal("air@daegu.go.kr", m.ContactPoint);
        Assert.Equal("https://data.daegu.go.kr/air", m.LandingPage);
        Assert.Equal(new DateTimeOffset(2023, 1, 15, 0, 0, 0, TimeSpan.Zero), m.Issued);
        Assert.Equal(new DateTimeOffset(2025, 11, 19, 21, 0, 0, TimeSpan.Zero), m.Modified);
        Assert.Equal([new Distribution("CSV", "https://data.daegu.go.kr/air/hourly.csv", "Hourly measurements", "text/csv", 52000)], m.Distributions);

        // A title given as a property attribute.
        Assert.Equal("대구 공공도서관 현황", datasets[1].Snapshot!.Metadata.Title);
    }

    [Fact]
    public async Task A_dcat_ap_3_dataset_with_a_parse_type_resource_contact_and_described_licence_and_theme_is_read()
    {
        using var portal = new LoopbackPortal((p, _) => Rdf(p, "dcat-ap3-sample.rdf"));

        var datasets = await ReadAsync(portal, "catalogue");

        var dataset = Assert.Single(datasets);
        Assert.Equal("gwangju-cctv", dataset.QualifiedName);
        var m = dataset.Snapshot!.Metadata;
        Assert.Equal("광주광역시 CCTV 설치 현황", m.Title);
        Assert.Equal("광주광역시 안전정책관", m.Publisher);
        Assert.Equal("cctv@gwangju.go.kr", m.ContactPoint);
        Assert.Equal("공공누리 제1유형", m.Licence);
        Assert.Equal("사법·안전", m.Theme);
        Assert.Equal("QUARTERLY", m.UpdateCycle);
        Assert.Equal(["CCTV", "방범"], m.Keywords);
        Assert.Equal("https://data.gwangju.go.kr/dataset/gwangju-cctv.do", m.LandingPage);
        Assert.Equal(new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), m.Issued);
        Assert.Equal(
            [new Distribution("XLSX", "https://data.gwangju.go.kr/files/cctv.xlsx", "CCTV 현황 엑셀",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 734112)],
            m.Distributions);
    }

    [Fact]
    public async Task Rdf_xml_served_without_a_useful_media_type_is_recognised_from_its_body()
    {
        using var portal = new LoopbackPortal((p, _) => new Reply(200, p.Fixture("dcat-ap3-sample.rdf"), "application/octet-stream"));

        var datasets = await ReadAsync(portal, "catalogue");

        Assert.Equal("gwangju-cctv", Assert.Single(datasets).QualifiedName);
    }

    [Fact]
    public async Task A_next_page_on_another_host_is_not_followed_and_leaves_the_listing_incomplete()
    {
        using var portal = new LoopbackPortal((p, _) => new Reply(200,
            p.Fixture("dcat-ckan-catalog-page1.rdf").Replace(
                $"<hydra:nextPage>{p.BaseUrl}catalog.xml?page=2</hydra:nextPage>",
                "<hydra:nextPage>http://harvest-trap.example.net/catalog.xml?page=2</hydra:nextPage>", StringComparison.Ordinal),
            RdfXml));

        var datasets = await ReadAsync(portal);

        Assert.Equal(
            ["3c9e0d41-7b2a-4f18-9a6c-2d5e8f1b0a11", "8d4f2e90-1c3b-4a57-b6d8-0e9f1a2b3c44", DcatConnector.PageFailurePrefix + "2"],
            datasets.Select(d => d.QualifiedName));
        Assert.Contains("on host 'harvest-trap.example.net', not on the catalogue's host '127.0.0.1'", datasets[2].Error, StringComparison.Ordinal);
        Assert.Single(portal.Requests);
    }

    [Theory]
    [InlineData("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<https://x.example/d/1> a dcat:Dataset .\n", "text/turtle", "Turtle (text/turtle)")]
    [InlineData("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<https://x.example/d/1> a dcat:Dataset .\n", "text/plain", "Turtle (text/plain)")]
    [InlineData("<https://x.example/d/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .\n", "text/plain", "N-Triples (text/plain)")]
    [InlineData("<!DOCTYPE html><html><body>데이터 포털</body></html>", "text/html", "HTML (text/html)")]
    [InlineData("<!DOCTYPE html><html><body>로그인이 필요합니다</body></html>", "application/rdf+xml", "HTML (application/rdf+xml)")]
    public async Task A_format_that_is_not_read_is_refused_at_once_naming_it_and_the_formats_read(string body, string mediaType, string named)
    {
        using var portal = new LoopbackPortal((_, _) => new Reply(200, body, mediaType));

        var thrown = await Assert.ThrowsAsync<SourceFormatException>(() => ReadAsync(portal));

        Assert.Contains($"the answer is {named}", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("RDF/XML (application/rdf+xml) and JSON-LD (application/ld+json)", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("Source 'seoul-portal'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("/catalog.xml", thrown.Message, StringComparison.Ordinal);
        Assert.Single(portal.Requests);
    }

    [Fact]
    public async Task Xml_that_is_not_rdf_is_refused_naming_its_root_element()
    {
        using var portal = new LoopbackPortal((_, _) => new Reply(200,
            "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>새 데이터</title></feed>", "application/xml"));

        var thrown = await Assert.ThrowsAsync<SourceFormatException>(() => ReadAsync(portal));

        Assert.Contains("root element is <feed> (http://www.w3.org/2005/Atom), not RDF/XML", thrown.Message, StringComparison.Ordinal);
        Assert.Single(portal.Requests);
    }

    [Fact]
    public async Task A_later_page_in_turtle_ends_the_listing_with_a_page_failure_after_one_request()
    {
        using var portal = new LoopbackPortal((p, r) => r.QueryString["page"] == "2"
            ? new Reply(200, "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n", "text/turtle")
            : Rdf(p, "dcat-ckan-catalog-page1.rdf"));

        var datasets = await ReadAsync(portal);

        Assert.Equal(DcatConnector.PageFailurePrefix + "2", datasets[^1].QualifiedName);
        Assert.Contains("Turtle", datasets[^1].Error, StringComparison.Ordinal);
        Assert.Equal(1, portal.CountRequests("page=2"));
    }

    [Fact]
    public async Task Truncated_rdf_xml_is_retried_like_a_passing_fault()
    {
        var calls = 0;
        using var portal = new LoopbackPortal((p, _) => Interlocked.Increment(ref calls) <= 2
            ? new Reply(200, p.Fixture("dcat-ap3-sample.rdf")[..400], RdfXml)
            : Rdf(p, "dcat-ap3-sample.rdf"));

        var datasets = await ReadAsync(portal, "catalogue");

        Assert.Equal("gwangju-cctv", Assert.Single(datasets).QualifiedName);
        Assert.Equal(3, portal.Requests.Count);
    }

    [Fact]
    public async Task An_external_entity_is_never_resolved()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"dcat-xxe-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(secret, "TOP-SECRET-CONTENT");
        try
        {
            var body = $"""
                <?xml version="1.0"?>
                <!DOCTYPE rdf:RDF [<!ENTITY leak SYSTEM "file://{secret}">]>
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#" xmlns:dct="http://purl.org/dc/terms/">
                  <dcat:Dataset rdf:about="https://x.example/d/1"><dct:identifier>d1</dct:identifier><dct:title>&leak;</dct:title></dcat:Dataset>
                </rdf:RDF>
                """;
            using var portal = new LoopbackPortal((_, _) => new Reply(200, body, RdfXml));

            // Either the entity stays unexpanded or the document is refused; the file's content never reaches the catalogue.
            try
            {
                var datasets = await ReadAsync(portal);
                Assert.DoesNotContain(datasets, d => d.Snapshot?.Metadata.Title?.Contains("TOP-SECRET", StringComparison.Ordinal) == true);
            }
            catch (SourceUnavailableException ex)
            {
                Assert.DoesNotContain("TOP-SECRET", ex.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(secret);
        }
    }
}
