using System.Text.Json;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.OpenData;
using DataCatalog.Harvesting.Extract;
using static DataCatalog.Harvesting.Tests.OpenData.CkanConnectorTests;

namespace DataCatalog.Harvesting.Tests.OpenData;

/// <summary>Portals that page badly: repeated, empty and short pages, and answers that claim success without a list.</summary>
public sealed class CkanPagingTests : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    /// <summary>A package_search answer holding minimal packages named <c>name</c> with id <c>id-name</c>.</summary>
    internal static Reply Search(long count, params string[] names) => new(200, JsonSerializer.Serialize(new
    {
        help = "package_search",
        success = true,
        result = new { count, results = names.Select(n => new { id = "id-" + n, name = n, title = n + " 제목" }) },
    }));

    private async Task<List<ExtractedDataset>> HarvestAsync(LoopbackPortal portal) =>
        await ReadAllAsync(new CkanConnector(_http, retry: QuickRetry), Source(SourceKind.Ckan, ("pageSize", "2")), portal.BaseUrl);

    [Fact]
    public async Task A_dataset_repeated_on_the_next_page_is_delivered_once_with_a_warning_counting_the_repeats()
    {
        // The portal's data changed while it was paged: "bus" moved from page one to page two.
        using var portal = new LoopbackPortal((_, r) => r.QueryString["start"] switch
        {
            "0" => Search(3, "parking", "bus"),
            "2" => Search(3, "bus", "bikes"),
            _ => new Reply(404, "{}"),
        });

        var datasets = await HarvestAsync(portal);

        Assert.Equal(["parking", "bus", "bikes", CkanConnector.ListingNoticeName], datasets.Select(d => d.QualifiedName));
        var notice = datasets[^1];
        Assert.True(notice.IsNotice);
        Assert.False(notice.ListingIncomplete);
        var warning = Assert.Single(notice.Warnings!);
        Assert.Contains("returned 1 repeated dataset(s) across pages", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_portal_that_ignores_start_is_asked_twice_and_the_listing_is_marked_incomplete()
    {
        using var portal = new LoopbackPortal((_, _) => Search(5, "parking", "bus"));

        var datasets = await HarvestAsync(portal);

        Assert.Equal(["parking", "bus", CkanConnector.ListingNoticeName], datasets.Select(d => d.QualifiedName));
        Assert.Equal(2, portal.Requests.Count);
        var notice = datasets[^1];
        Assert.True(notice.ListingIncomplete);
        Assert.Equal(2, notice.Warnings!.Count);
        Assert.Contains("returned 2 repeated dataset(s)", notice.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("counts 5 datasets but paging returned 2", notice.Warnings[1], StringComparison.Ordinal);
        Assert.Contains("ignore 'start'", notice.Warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_page_before_the_count_is_reached_ends_paging_with_both_numbers_in_a_warning()
    {
        using var portal = new LoopbackPortal((_, r) => r.QueryString["start"] == "0" ? Search(3, "parking", "bus") : Search(3));

        var datasets = await HarvestAsync(portal);

        Assert.Equal(["parking", "bus", CkanConnector.ListingNoticeName], datasets.Select(d => d.QualifiedName));
        var notice = datasets[^1];
        Assert.True(notice.ListingIncomplete);
        var warning = Assert.Single(notice.Warnings!);
        Assert.Contains("counts 3 datasets but paging returned 2 (the page at start=2 was empty)", warning, StringComparison.Ordinal);
        Assert.Contains("no dataset was withdrawn", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_complete_listing_carries_no_notice()
    {
        using var portal = new LoopbackPortal((_, r) => r.QueryString["start"] == "0" ? Search(3, "parking", "bus") : Search(3, "bikes"));

        var datasets = await HarvestAsync(portal);

        Assert.Equal(["parking", "bus", "bikes"], datasets.Select(d => d.QualifiedName));
    }

    [Theory]
    [InlineData("{\"success\": true, \"result\": {\"count\": 0}}", "'result' has no 'results' list")]
    [InlineData("{\"success\": true}", "has no 'result' object")]
    [InlineData("{\"success\": true, \"result\": {\"count\": 2, \"results\": null}}", "'result' has no 'results' list")]
    public async Task Success_without_a_result_list_on_the_first_page_is_an_error_not_an_empty_catalog(string body, string expected)
    {
        using var portal = new LoopbackPortal((_, _) => new Reply(200, body));

        var thrown = await Assert.ThrowsAsync<SourceUnavailableException>(() => HarvestAsync(portal));

        Assert.Contains("CKAN reports success=true but", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(expected, thrown.Message, StringComparison.Ordinal);
        Assert.Contains("seoul-portal", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Success_without_a_result_list_on_a_later_page_is_a_page_failure()
    {
        using var portal = new LoopbackPortal((_, r) => r.QueryString["start"] == "0"
            ? Search(3, "parking", "bus")
            : new Reply(200, "{\"success\": true, \"result\": {\"count\": 3}}"));

        var datasets = await HarvestAsync(portal);

        Assert.Equal(["parking", "bus", CkanConnector.PageFailurePrefix + "2"], datasets.Select(d => d.QualifiedName));
        Assert.Contains("'result' has no 'results' list", datasets[2].Error, StringComparison.Ordinal);
        // A broken answer with a 200 is not retried: the portal would give the same answer again.
        Assert.Equal(1, portal.CountRequests("start=2"));
    }
}
