using System.Net;
using System.Text.Json;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.OpenData;
using DataCatalog.Harvesting.Extract;
using static DataCatalog.Harvesting.Tests.OpenData.CkanConnectorTests;

namespace DataCatalog.Harvesting.Tests.OpenData;

/// <summary>CSV resources are fetched only from the portal's host or listed hosts, and never from internal addresses unless allowed.</summary>
public sealed class ResourceSafetyTests : IDisposable
{
    private const string Csv = "시설명,전화번호\n해운대도서관,051-749-1234\n";
    private readonly HttpClient _http = new();
    private readonly List<string> _profiled = [];

    public void Dispose() => _http.Dispose();

    /// <summary>One package with one CSV resource at <paramref name="url"/>; the portal serves <see cref="Csv"/> at /files/*.csv.</summary>
    private static Reply Portal(HttpListenerRequest request, string url, Func<HttpListenerRequest, Reply?>? files = null)
    {
        if (request.Url!.AbsolutePath.StartsWith("/files/", StringComparison.Ordinal))
        {
            return files?.Invoke(request) ?? new Reply(200, Csv, "text/csv");
        }

        return new Reply(200, JsonSerializer.Serialize(new
        {
            success = true,
            result = new
            {
                count = 1,
                results = new[] { new { id = "id-libraries", name = "busan-libraries", resources = new[] { new { format = "CSV", url, name = "도서관 목록" } } } },
            },
        }));
    }

    private CkanConnector Connector() => new(_http, (stream, name, ct) =>
    {
        _profiled.Add(name);
        return Task.FromResult<(IReadOnlyList<ColumnSnapshot>, IReadOnlyList<ColumnProfile>, IReadOnlyList<string>)>(
            ([new ColumnSnapshot("시설명", 1, "text"), new ColumnSnapshot("전화번호", 2, "text")], [], []));
    }, QuickRetry);

    private async Task<ExtractedDataset> HarvestAsync(LoopbackPortal portal, params (string Key, string Value)[] options) =>
        Assert.Single(await ReadAllAsync(Connector(), Source(SourceKind.Ckan, [("profileCsv", "true"), .. options]), portal.BaseUrl));

    [Fact]
    public async Task A_resource_on_the_loopback_portal_is_profiled_when_the_source_allows_private_addresses()
    {
        using var portal = new LoopbackPortal((p, r) => Portal(r, p.BaseUrl + "files/libraries.csv"));

        var dataset = await HarvestAsync(portal, ("allowPrivateAddresses", "true"));

        Assert.Equal(["도서관 목록"], _profiled);
        Assert.Equal(["시설명", "전화번호"], dataset.Snapshot!.Columns.Select(c => c.Name));
        Assert.Null(dataset.Warnings);
    }

    [Fact]
    public async Task A_resource_on_a_loopback_address_is_refused_without_the_option_and_never_requested()
    {
        using var portal = new LoopbackPortal((p, r) => Portal(r, p.BaseUrl + "files/libraries.csv"));

        var dataset = await HarvestAsync(portal);

        Assert.Empty(_profiled);
        Assert.Empty(dataset.Snapshot!.Columns);
        var warning = Assert.Single(dataset.Warnings!);
        Assert.Contains("resolves to 127.0.0.1: loopback, link-local or private", warning, StringComparison.Ordinal);
        Assert.Contains("\"allowPrivateAddresses\": \"true\"", warning, StringComparison.Ordinal);
        Assert.Equal(0, portal.CountRequests("/files/"));
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_loopback_is_refused_after_dns_resolution()
    {
        using var portal = new LoopbackPortal((p, r) => Portal(r, p.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "files/libraries.csv"));

        var dataset = await HarvestAsync(portal, ("allowedHosts", "localhost"));

        Assert.Empty(_profiled);
        var warning = Assert.Single(dataset.Warnings!);
        Assert.Contains("host 'localhost' resolves to", warning, StringComparison.Ordinal);
        Assert.Contains("loopback, link-local or private", warning, StringComparison.Ordinal);
        Assert.Equal(0, portal.CountRequests("/files/"));
    }

    [Fact]
    public async Task A_resource_on_another_host_is_refused_unless_the_source_lists_it()
    {
        using var portal = new LoopbackPortal((p, r) => Portal(r, p.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "files/libraries.csv"));

        var refused = await HarvestAsync(portal, ("allowPrivateAddresses", "true"));
        Assert.Empty(_profiled);
        Assert.Contains("host 'localhost' is neither the portal's host '127.0.0.1' nor listed in option 'allowedHosts'", Assert.Single(refused.Warnings!), StringComparison.Ordinal);

        var allowed = await HarvestAsync(portal, ("allowPrivateAddresses", "true"), ("allowedHosts", "files.example.go.kr, localhost"));
        Assert.Equal(["도서관 목록"], _profiled);
        Assert.Null(allowed.Warnings);
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_checked_like_the_first_url()
    {
        using var portal = new LoopbackPortal((p, r) => Portal(r, p.BaseUrl + "files/libraries.csv", files: request =>
            request.Url!.AbsolutePath == "/files/libraries.csv"
                ? new Reply(302, "", "text/plain") { Location = p.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "files/moved.csv" }
                : null));

        var dataset = await HarvestAsync(portal, ("allowPrivateAddresses", "true"));

        Assert.Empty(_profiled);
        Assert.Contains("host 'localhost' (redirect 1) is neither the portal's host", Assert.Single(dataset.Warnings!), StringComparison.Ordinal);
        Assert.Equal(0, portal.CountRequests("/files/moved.csv"));
    }

    [Fact]
    public async Task A_file_url_is_refused()
    {
        using var portal = new LoopbackPortal((_, r) => Portal(r, "file:///etc/passwd"));

        var dataset = await HarvestAsync(portal, ("allowPrivateAddresses", "true"));

        Assert.Empty(_profiled);
        Assert.Contains("the URL is file:, not http(s)", Assert.Single(dataset.Warnings!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.20.30.40", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.0.10", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd12:3456:789a::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("211.43.1.10", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:4860:4860::8888", false)]
    [InlineData("::ffff:211.43.1.10", false)]
    public void Internal_addresses_are_told_apart_from_public_ones(string address, bool isInternal) =>
        Assert.Equal(isInternal, NetworkAddresses.IsInternal(IPAddress.Parse(address)));
}
