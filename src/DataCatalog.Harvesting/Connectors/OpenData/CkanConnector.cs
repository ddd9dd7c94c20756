using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;

namespace DataCatalog.Harvesting.Connectors.OpenData;

/// <summary>Reads a CKAN portal's dataset metadata through the Action API's <c>package_search</c>, page by page.</summary>
/// <remarks>
/// <para>The connection is the portal's base URL (<c>https://data.example.go.kr/</c>); a query string on it, such as
/// data.go.kr's <c>serviceKey</c>, is kept on every request and redacted from every message.</para>
/// <para>Options: <c>pageSize</c> (rows per request, default 100), <c>fq</c> (a Solr filter passed through),
/// <c>timeoutSeconds</c> (per request, default 30), <c>profileCsv</c> (<c>true</c> to download CSV resources and hand them
/// to the profiling hook), <c>maxCsvBytes</c> (default 50 MB; larger resources are skipped with a warning),
/// <c>allowedHosts</c> (comma-separated hosts besides the portal's own that resources may be fetched from; <c>*.</c>
/// matches subdomains) and <c>allowPrivateAddresses</c> (<c>true</c> to fetch resources from loopback and private
/// addresses, for a portal inside the city's network); see <see cref="ResourceDownloader"/>.</para>
/// <para>Failures: a page that fails transiently (5xx, 408, 429, timeout, broken JSON) is retried per the
/// <see cref="OpenDataRetryPolicy"/>. If the first page still fails the connector throws
/// <see cref="SourceUnavailableException"/>. If a later page fails, the datasets already read are delivered and then one
/// <see cref="ExtractedDataset.Failed"/> entry whose qualified name is <c>ckan:page:&lt;offset&gt;</c> (the <c>start</c>
/// of the failed page), and reading stops. A pipeline that sees a qualified name starting with <c>ckan:page:</c> knows
/// the harvest is partial and must not withdraw the datasets it did not see; no CKAN dataset name can contain a colon,
/// so the convention cannot collide with a real dataset. A search result with neither <c>name</c> nor <c>id</c> is a
/// failed entry named <c>ckan:result:&lt;position&gt;</c> (1-based across the whole search).</para>
/// <para>An answer with <c>success: true</c> but no <c>result.results</c> list is a failed page, never an empty catalogue.
/// A dataset repeated across pages is delivered once (the first copy, by id or name); paging stops at an empty page or a
/// page of repeats only (a portal ignoring <c>start</c>). Repeats, and fewer datasets than <c>result.count</c>, are reported
/// in one <see cref="ExtractedDataset.Notice"/> named <see cref="ListingNoticeName"/>; a short count marks the listing
/// incomplete, so the pipeline withdraws nothing.</para>
/// </remarks>
/// <param name="http">Shared client; the connector sets no defaults on it.</param>
/// <param name="profileCsv">Hook that reads one CSV resource's stream (named by the resource) and returns its columns,
/// column profiles and warnings. Null skips CSV profiling even when the option asks for it, with a warning.</param>
/// <param name="retry">Retry waits; <see cref="OpenDataRetryPolicy.Default"/> when null.</param>
public sealed class CkanConnector(
    HttpClient http,
    Func<Stream, string, CancellationToken, Task<(IReadOnlyList<ColumnSnapshot> Columns, IReadOnlyList<ColumnProfile> Profiles, IReadOnlyList<string> Warnings)>>? profileCsv = null,
    OpenDataRetryPolicy? retry = null) : ISourceConnector
{
    /// <summary>Prefix of the qualified name of a page-failure entry.</summary>
    public const string PageFailurePrefix = "ckan:page:";

    /// <summary>Name of the entry that carries warnings about the listing as a whole (repeats, a short count).</summary>
    public const string ListingNoticeName = "ckan:listing";

    private const long DefaultMaxCsvBytes = 50L * 1024 * 1024;

    // CKAN has no standard field for the update cycle; these are the extras keys portals use for it.
    private static readonly string[] UpdateCycleKeys = ["update_cycle", "frequency", "업데이트 주기", "accrual_periodicity"];

    public string Kind => SourceKind.Ckan;

    public async IAsyncEnumerable<ExtractedDataset> ExtractAsync(
        SourceDefinition source, string connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var baseUrl = PortalSupport.ParseBaseUrl(source, connection);
        var pageSize = PortalSupport.PositiveInt(source, "pageSize", 100);
        var portal = new PortalHttp(http, retry ?? OpenDataRetryPolicy.Default, PortalSupport.Timeout(source));
        using var downloader = new ResourceDownloader(baseUrl, PortalSupport.List(source, "allowedHosts"),
            PortalSupport.Flag(source, "allowPrivateAddresses"), portal.Timeout);
        var csv = new CsvResourceReader(downloader, profileCsv, PortalSupport.Flag(source, "profileCsv"),
            PortalSupport.PositiveLong(source, "maxCsvBytes", DefaultMaxCsvBytes));

        var offset = 0;
        long count = 0;
        var delivered = 0;
        var repeats = 0;
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var seenNames = new HashSet<string>(StringComparer.Ordinal);
        string? stoppedBecause = null;
        do
        {
            var url = PageUrl(baseUrl, pageSize, offset, source.Option("fq"));
            using var page = await portal.GetJsonAsync(url, cancellationToken);
            var failure = PageFailure(source, url, page);
            if (failure is not null)
            {
                if (offset == 0)
                {
                    throw new SourceUnavailableException(failure);
                }

                yield return ExtractedDataset.Failed(PageFailurePrefix + offset.ToString(CultureInfo.InvariantCulture), failure);
                yield break;
            }

            var result = page.Document!.RootElement.GetProperty("result");
            count = result.TryGetProperty("count", out var countElement) && countElement.TryGetInt64(out var c) ? c : 0;
            var read = 0;
            var fresh = 0;
            foreach (var package in result.GetProperty("results").EnumerateArray())
            {
                read++;
                // A portal that ignores 'start', or whose data changes while it is paged, repeats datasets: the first copy wins.
                var id = Text(package, "id");
                var name = Text(package, "name") ?? id;
                if ((id is not null && seenIds.Contains(id)) || (name is not null && seenNames.Contains(name)))
                {
                    repeats++;
                    continue;
                }

                if (id is not null)
                {
                    seenIds.Add(id);
                }

                if (name is not null)
                {
                    seenNames.Add(name);
                }

                fresh++;
                delivered++;
                yield return await MapAsync(SiteRoot(baseUrl), package, offset + read, csv, cancellationToken);
            }

            // An empty page (datasets deleted while paging) or a page of repeats only (a portal ignoring 'start')
            // would otherwise be asked for again and again.
            if (read == 0 || fresh == 0)
            {
                stoppedBecause = read == 0
                    ? $"the page at start={offset.ToString(CultureInfo.InvariantCulture)} was empty"
                    : $"the page at start={offset.ToString(CultureInfo.InvariantCulture)} held only datasets already read (the portal seems to ignore 'start')";
                break;
            }

            offset += read;
        }
        while (offset < count);

        var warnings = new List<string>();
        if (repeats > 0)
        {
            warnings.Add($"Source '{source.Id}' (ckan): package_search returned {repeats.ToString(CultureInfo.InvariantCulture)} repeated dataset(s) across pages; " +
                "each was kept once (the first copy). The portal's listing changed while it was paged, or it ignores 'start'.");
        }

        var incomplete = delivered < count;
        if (incomplete)
        {
            warnings.Add($"Source '{source.Id}' (ckan): the portal counts {count.ToString(CultureInfo.InvariantCulture)} datasets but paging returned " +
                $"{delivered.ToString(CultureInfo.InvariantCulture)}{(stoppedBecause is null ? "" : " (" + stoppedBecause + ")")}; " +
                "the listing is incomplete, so no dataset was withdrawn. Fix: harvest again later; if it persists, lower 'pageSize' or ask the portal's operator about its search index.");
        }
        else if (stoppedBecause is not null && repeats > 0)
        {
            warnings.Add($"Source '{source.Id}' (ckan): paging stopped because {stoppedBecause}.");
        }

        if (warnings.Count > 0)
        {
            yield return ExtractedDataset.Notice(ListingNoticeName, warnings, incomplete);
        }
    }

    private static Uri PageUrl(Uri baseUrl, int pageSize, int offset, string? filter)
    {
        var builder = new UriBuilder(baseUrl) { Path = baseUrl.AbsolutePath.TrimEnd('/') + "/api/3/action/package_search" };
        var query = string.Create(CultureInfo.InvariantCulture, $"rows={pageSize}&start={offset}");
        if (!string.IsNullOrEmpty(filter))
        {
            query += "&fq=" + Uri.EscapeDataString(filter);
        }

        var existing = baseUrl.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? query : existing + "&" + query;
        return builder.Uri;
    }

    private static string? PageFailure(SourceDefinition source, Uri url, PortalPage page)
    {
        if (page.Document is null)
        {
            return PortalSupport.Describe(source, url, page);
        }

        var root = page.Document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return PortalSupport.Describe(source, url, page, "the answer is not a CKAN action response (not a JSON object)");
        }

        var success = root.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.True;
        if (!success)
        {
            var error = root.TryGetProperty("error", out var e) ? ErrorText(e) : null;
            var status = page.Failure is null ? string.Empty : page.Failure + ", ";
            return PortalSupport.Describe(source, url, page, $"{status}CKAN reports success=false: {error ?? "no error object"}");
        }

        if (!root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            return PortalSupport.Describe(source, url, page, "CKAN reports success=true but the answer has no 'result' object");
        }

        // An answer without the list is a broken page, not an empty catalogue: reading it as empty would withdraw everything.
        return result.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array
            ? null
            : PortalSupport.Describe(source, url, page, "CKAN reports success=true but 'result' has no 'results' list");
    }

    // CKAN errors look like {"__type": "Validation Error", "fq": ["..."]} or {"__type": "Authorization Error", "message": "..."}.
    private static string ErrorText(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return error.ToString();
        }

        var type = Text(error, "__type");
        var details = error.EnumerateObject()
            .Where(p => p.Name != "__type")
            .Select(p => p.Name == "message" ? Flatten(p.Value) : $"{p.Name}: {Flatten(p.Value)}");
        var joined = string.Join("; ", details);
        return type is null ? joined : joined.Length == 0 ? type : $"{type}: {joined}";
    }

    private static string Flatten(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Flatten)),
        _ => value.GetRawText(),
    };

    private static async Task<ExtractedDataset> MapAsync(Uri baseUrl, JsonElement package, int position, CsvResourceReader csv, CancellationToken cancellationToken)
    {
        var name = Text(package, "name") ?? Text(package, "id");
        if (name is null)
        {
            return ExtractedDataset.Failed($"ckan:result:{position}",
                $"Result {position} of package_search has neither 'name' nor 'id'. Fix: check the portal's dataset schema; CKAN always sets both.");
        }

        var distributions = new List<Distribution>();
        if (package.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
        {
            foreach (var resource in resources.EnumerateArray())
            {
                distributions.Add(new Distribution(Text(resource, "format"), Text(resource, "url"), Text(resource, "name"),
                    Text(resource, "mimetype"), Size(resource)));
            }
        }

        var metadata = new DatasetMetadata
        {
            Title = Text(package, "title"),
            Description = Text(package, "notes"),
            Publisher = Child(package, "organization") is { } organization ? Text(organization, "title") ?? Text(organization, "name") : null,
            Keywords = Items(package, "tags").Select(tag => Text(tag, "name") ?? Text(tag, "display_name")).OfType<string>().ToArray(),
            Licence = Text(package, "license_title") ?? Text(package, "license_id"),
            Modified = PortalSupport.Timestamp(Text(package, "metadata_modified")),
            Issued = PortalSupport.Timestamp(Text(package, "metadata_created")),
            UpdateCycle = UpdateCycle(package),
            ContactPoint = Text(package, "maintainer_email") ?? Text(package, "author_email"),
            Theme = Items(package, "groups").Select(group => Text(group, "title") ?? Text(group, "display_name") ?? Text(group, "name")).FirstOrDefault(),
            // ckanext-dcat publishes a package's 'url' as its dcat:landingPage; without one, the portal's own page describes it.
            LandingPage = Text(package, "url") ?? new Uri(baseUrl, "dataset/" + Uri.EscapeDataString(name)).GetLeftPart(UriPartial.Path),
            Distributions = distributions,
        };

        var (columns, profiles, warnings) = await csv.ReadAsync(name, distributions, cancellationToken);
        return new ExtractedDataset(name, new DatasetSnapshot(name, DatasetKind.PortalDataset, columns, metadata), profiles,
            Warnings: warnings.Count == 0 ? null : warnings);
    }

    // The base URL may carry a key in its query; the dataset page hangs off the site root, without it.
    private static Uri SiteRoot(Uri baseUrl) => new(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");

    // CKAN stores a resource's size as a number, but harvested portals also give it as a string or null.
    private static long? Size(JsonElement resource) =>
        resource.TryGetProperty("size", out var size) switch
        {
            true when size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var n) && n >= 0 => n,
            true when size.ValueKind == JsonValueKind.String && long.TryParse(size.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };

    private static string? UpdateCycle(JsonElement package)
    {
        var extras = Items(package, "extras").ToArray();
        foreach (var key in UpdateCycleKeys)
        {
            var match = extras.FirstOrDefault(extra => string.Equals(Text(extra, "key"), key, StringComparison.OrdinalIgnoreCase));
            if (match.ValueKind == JsonValueKind.Object && Text(match, "value") is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static IEnumerable<JsonElement> Items(JsonElement element, string property) =>
        element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object)
            : [];

    private static JsonElement? Child(JsonElement element, string property) =>
        element.TryGetProperty(property, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    // CKAN writes absent values as null or as "", and the catalogue should not tell the two apart.
    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
