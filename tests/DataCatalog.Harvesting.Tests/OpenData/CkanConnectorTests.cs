using System.Net;
using System.Text;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.OpenData;
using DataCatalog.Harvesting.Extract;

namespace DataCatalog.Harvesting.Tests.OpenData;

public sealed class CkanConnectorTests : IDisposable
{
    internal static readonly OpenDataRetryPolicy QuickRetry = new([TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)]);
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    internal static SourceDefinition Source(string kind, params (string Key, string Value)[] options) =>
        new("seoul-portal", "transport", kind, "서울 열린데이터광장", "env:SEOUL_PORTAL_URL", "0 0 3 * * ?",
            Options: options.ToDictionary(o => o.Key, o => o.Value));

    internal static async Task<List<ExtractedDataset>> ReadAllAsync(ISourceConnector connector, SourceDefinition source, string connection)
    {
        var datasets = new List<ExtractedDataset>();
        await foreach (var dataset in connector.ExtractAsync(source, connection, CancellationToken.None))
        {
            datasets.Add(dataset);
        }

        return datasets;
    }

    private static Reply Paged(LoopbackPortal portal, HttpListenerRequest request) => request.QueryString["start"] switch
    {
        "0" => portal.Json("ckan-package-search-page1.json"),
        "2" => portal.Json("ckan-package-search-page2.json"),
        _ => new Reply(404, "{}"),
    };

    // Page two of the recorded search, answered as if it were the whole result.
    private static Reply OnePage(LoopbackPortal portal) =>
        new(200, portal.Fixture("ckan-package-search-page2.json").Replace("\"count\": 3", "\"count\": 1", StringComparison.Ordinal));

    [Fact]
    public async Task Two_pages_are_read_until_the_count_is_reached()
    {
        using var portal = new LoopbackPortal(Paged);
        var connector = new CkanConnector(_http, retry: QuickRetry);

        var datasets = await ReadAllAsync(connector, Source(SourceKind.Ckan, ("pageSize", "2")), portal.BaseUrl);

        Assert.Equal(["seoul-public-parking-lots", "seoul-bus-stop-locations", "seoul-ddareungi-rental-history"], datasets.Select(d => d.QualifiedName));
        Assert.All(datasets, d => Assert.Null(d.Error));
        Assert.Equal(["/api/3/action/package_search?rows=2&start=0", "/api/3/action/package_search?rows=2&start=2"], portal.Requests);
    }

    [Fact]
    public async Task Package_fields_map_to_portal_metadata()
    {
        using var portal = new LoopbackPortal(Paged);
        var datasets = await ReadAllAsync(new CkanConnector(_http, retry: QuickRetry), Source(SourceKind.Ckan, ("pageSize", "2")), portal.BaseUrl);

        var parking = datasets[0].Snapshot!;
        Assert.Equal(DatasetKind.PortalDataset, parking.Kind);
        Assert.Empty(parking.Columns);
        var m = parking.Metadata;
        Assert.Equal("서울시 공영주차장 정보", m.Title);
        Assert.Equal("서울시 공영주차장의 위치, 주차면수, 운영시간, 요금 정보입니다.", m.Description);
        Assert.Equal("서울특별시 교통정책과", m.Publisher);
        Assert.Equal(["주차장", "공영주차장", "교통"], m.Keywords);
        Assert.Equal("공공누리 제1유형(출처표시)", m.Licence);
        Assert.Equal("월간", m.UpdateCycle);
        Assert.Equal("parking@seoul.go.kr", m.ContactPoint);
        Assert.Equal("교통및물류", m.Theme);
        Assert.Equal(new DateTimeOffset(2024, 11, 18, 6, 30, 5, TimeSpan.Zero).AddTicks(1270930), m.Modified);
        Assert.Equal(TimeSpan.Zero, m.Modified!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2021, 3, 2, 1, 15, 42, TimeSpan.Zero).AddTicks(3185740), m.Issued);
        Assert.Equal(
            [
                new Distribution("CSV", portal.BaseUrl + "dataset/0b7d1f3c/resource/4a1e6c0b/download/parking.csv", "공영주차장 목록", "text/csv", 182337),
                new Distribution("JSON", "https://openapi.seoul.go.kr:8088/sample/json/GetParkInfo/1/5/", "공영주차장 Open API", "application/json"),
            ],
            m.Distributions);
        // The package's 'url' is empty: the portal's own dataset page is the landing page.
        Assert.Equal(portal.BaseUrl + "dataset/seoul-public-parking-lots", m.LandingPage);

        // Null licence title, empty maintainer email, "frequency" extra, no groups.
        var bus = datasets[1].Snapshot!.Metadata;
        Assert.Equal("KOGL-Type1", bus.Licence);
        Assert.Equal("bus@seoul.go.kr", bus.ContactPoint);
        Assert.Equal("daily", bus.UpdateCycle);
        Assert.Null(bus.Theme);

        var bikes = datasets[2].Snapshot!.Metadata;
        Assert.Null(bikes.Publisher);
        Assert.Null(bikes.ContactPoint);
        Assert.Empty(bikes.Keywords);
        Assert.Empty(bikes.Distributions);
    }

    [Fact]
    public async Task A_filter_option_is_passed_url_encoded()
    {
        using var portal = new LoopbackPortal((p, _) => OnePage(p));
        var source = Source(SourceKind.Ckan, ("fq", "organization:seoul-transport AND tags:주차장"));

        await ReadAllAsync(new CkanConnector(_http, retry: QuickRetry), source, portal.BaseUrl);

        var request = Assert.Single(portal.Requests);
        Assert.Equal(
            "/api/3/action/package_search?rows=100&start=0&fq=organization%3Aseoul-transport%20AND%20tags%3A%EC%A3%BC%EC%B0%A8%EC%9E%A5",
            request);
    }

    [Fact]
    public async Task A_later_page_that_keeps_failing_yields_what_was_read_and_a_page_failure_entry()
    {
        using var portal = new LoopbackPortal((p, r) => r.QueryString["start"] == "0" ? p.Json("ckan-package-search-page1.json") : Reply.Error(500));

        var datasets = await ReadAllAsync(new CkanConnector(_http, retry: QuickRetry), Source(SourceKind.Ckan, ("pageSize", "2")), portal.BaseUrl);

        Assert.Equal(["seoul-public-parking-lots", "seoul-bus-stop-locations", "ckan:page:2"], datasets.Select(d => d.QualifiedName));
        var failure = datasets[2];
        Assert.Null(failure.Snapshot);
        Assert.Contains("HTTP 500", failure.Error, StringComparison.Ordinal);
        Assert.Contains("4 attempts", failure.Error, StringComparison.Ordinal);
        Assert.StartsWith(CkanConnector.PageFailurePrefix, failure.QualifiedName, StringComparison.Ordinal);
        Assert.Equal(4, portal.CountRequests("start=2"));
    }

    [Fact]
    public async Task A_failing_first_page_throws_without_revealing_the_service_key()
    {
        using var portal = new LoopbackPortal((_, _) => Reply.Error(503));
        var connection = portal.BaseUrl + "?serviceKey=Zx9%2BSECRETkey%3D%3D&type=json";

        var thrown = await Assert.ThrowsAsync<SourceUnavailableException>(
            () => ReadAllAsync(new CkanConnector(_http, retry: QuickRetry), Source(SourceKind.Ckan), connection));

        Assert.Contains("seoul-portal", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("serviceKey=***&type=json&rows=100&start=0", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", thrown.Message, StringComparison.OrdinalIgnoreCase);
        // The key still reaches the portal: redaction is for messages only.
        Assert.All(portal.Requests, r => Assert.Contains("serviceKey=Zx9%2BSECRETkey%3D%3D", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_transient_503_is_retried_and_the_harvest_succeeds()
    {
        var calls = 0;
        using var portal = new LoopbackPortal((p, _) => Interlocked.Increment(ref calls) == 1 ? Reply.Error(503) : OnePage(p));

        var datasets = await ReadAllAsync(new CkanConnector(_http, retry: QuickRetry), Source(SourceKind.Ckan), portal.BaseUrl);

        Assert.Equal("seoul-ddareungi-rental-history", Assert.Single(datasets).QualifiedName);
        Assert.Equal(2, portal.Requests.Count);
    }

    [Fact]
    public async Task Invalid_json_is_retried_like_a_server_error()
    {
        var calls = 0;
        using var portal = new LoopbackPortal((p, _) => Interlocked.Increment(ref calls) <= 2
            ? new Reply(200, "{\"help\": \"…\", \"success\": tr")
            : OnePage(p));

        var datasets = await ReadAllAsync(new CkanConnector(_http, retry: QuickRetry), Source(SourceKind.Ckan), portal.BaseUrl);

        Assert.Single(datasets);
        Assert.Equal(3, portal.Requests.Count);
    }

    [Fact]
    public async Task A_ckan_error_object_is_reported_and_not_retried()
    {
        using var portal = new LoopbackPortal((p, _) => new Reply(409, p.Fixture("ckan-validation-error.json")));

        var thrown = await Assert.ThrowsAsync<SourceUnavailableException>(
            () => ReadAllAsync(new CkanConnector(_http, retry: QuickRetry), Source(SourceKind.Ckan, ("fq", "organisation:x")), portal.BaseUrl));

        Assert.Contains("HTTP 409", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("Validation Error: fq: Invalid search query: undefined field organisation", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("'fq'", thrown.Message, StringComparison.Ordinal);
        Assert.Single(portal.Requests);
    }

    [Fact]
    public async Task A_page_slower_than_the_timeout_fails_after_its_retries()
    {
        using var portal = new LoopbackPortal((p, _) => p.Json("ckan-package-search-page2.json") with { Delay = TimeSpan.FromSeconds(3) });
        var oneRetry = new OpenDataRetryPolicy([TimeSpan.FromMilliseconds(1)]);

        var thrown = await Assert.ThrowsAsync<SourceUnavailableException>(
            () => ReadAllAsync(new CkanConnector(_http, retry: oneRetry), Source(SourceKind.Ckan, ("timeoutSeconds", "1")), portal.BaseUrl));

        Assert.Contains("no complete answer within 1 s", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("2 attempts", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_resources_are_handed_to_the_profiling_hook_when_asked()
    {
        using var portal = new LoopbackPortal((p, r) => r.Url!.AbsolutePath.EndsWith(".csv", StringComparison.Ordinal)
            ? new Reply(200, "주차장명,주차면수\n세종로 공영주차장,1260\n", "text/csv")
            : r.QueryString["start"] == "0" ? p.Json("ckan-package-search-page1.json") : p.Json("ckan-package-search-page2.json"));
        var handed = new List<(string Name, string Content)>();
        var connector = new CkanConnector(_http, async (stream, name, ct) =>
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            handed.Add((name, await reader.ReadToEndAsync(ct)));
            return ([new ColumnSnapshot("주차장명", 1, "text"), new ColumnSnapshot("주차면수", 2, "integer")], [], ["row 3: empty line"]);
        }, QuickRetry);

        var datasets = await ReadAllAsync(connector, Source(SourceKind.Ckan, ("pageSize", "2"), ("profileCsv", "true"), ("allowPrivateAddresses", "true")), portal.BaseUrl);

        // Only the parking dataset has a CSV resource; the XLSX and JSON ones are not downloaded.
        Assert.Equal([("공영주차장 목록", "주차장명,주차면수\n세종로 공영주차장,1260\n")], handed);
        Assert.Equal(["주차장명", "주차면수"], datasets[0].Snapshot!.Columns.Select(c => c.Name));
        Assert.Equal(["공영주차장 목록: row 3: empty line"], datasets[0].Warnings);
        Assert.Empty(datasets[1].Snapshot!.Columns);
        Assert.Equal(1, portal.CountRequests(".csv"));
    }

    [Fact]
    public async Task A_csv_resource_over_the_size_limit_is_skipped_with_a_warning()
    {
        using var portal = new LoopbackPortal((p, r) => r.Url!.AbsolutePath.EndsWith(".csv", StringComparison.Ordinal)
            ? new Reply(200, new string('가', 100), "text/csv")
            : p.Json("ckan-package-search-page1.json") with { Body = p.Fixture("ckan-package-search-page1.json").Replace("\"count\": 3", "\"count\": 2", StringComparison.Ordinal) });
        var hookCalled = false;
        var connector = new CkanConnector(_http, (_, _, _) =>
        {
            hookCalled = true;
            return Task.FromResult<(IReadOnlyList<ColumnSnapshot>, IReadOnlyList<ColumnProfile>, IReadOnlyList<string>)>(([], [], []));
        }, QuickRetry);

        var datasets = await ReadAllAsync(connector, Source(SourceKind.Ckan, ("profileCsv", "true"), ("maxCsvBytes", "64"), ("allowPrivateAddresses", "true")), portal.BaseUrl);

        Assert.False(hookCalled);
        var warning = Assert.Single(datasets[0].Warnings!);
        Assert.Contains("larger than maxCsvBytes (64 bytes; it declares 300)", warning, StringComparison.Ordinal);
        Assert.Empty(datasets[0].Snapshot!.Columns);
    }

    [Fact]
    public async Task A_connection_that_is_not_a_url_is_refused_without_echoing_it()
    {
        var thrown = await Assert.ThrowsAsync<SourceUnavailableException>(
            () => ReadAllAsync(new CkanConnector(_http, retry: QuickRetry), Source(SourceKind.Ckan), "Host=db;Password=hunter2"));

        Assert.DoesNotContain("hunter2", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("env:SEOUL_PORTAL_URL", thrown.Message, StringComparison.Ordinal);
    }
}
