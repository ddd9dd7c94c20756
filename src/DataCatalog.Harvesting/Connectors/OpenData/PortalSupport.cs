using System.Globalization;
using System.Net;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;

namespace DataCatalog.Harvesting.Connectors.OpenData;

/// <summary>Option parsing, timestamps and failure messages shared by the portal connectors.</summary>
internal static class PortalSupport
{
    public static Uri ParseBaseUrl(SourceDefinition source, string connection)
    {
        // The connection is never echoed: it may carry a key in its query string.
        if (!Uri.TryCreate(connection, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new SourceUnavailableException(
                $"Source '{source.Id}' ({source.Kind}): the resolved connection '{source.ConnectionRef}' is not an absolute http(s) URL. " +
                "Fix: set it to the portal's address, e.g. https://data.example.go.kr/.");
        }

        return url;
    }

    public static int PositiveInt(SourceDefinition source, string option, int fallback)
    {
        var text = source.Option(option);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new SourceUnavailableException(
                $"Source '{source.Id}': option '{option}' is '{text}', not a positive whole number. Fix: set e.g. \"{option}\": \"{fallback}\" or remove it.");
    }

    public static long PositiveLong(SourceDefinition source, string option, long fallback)
    {
        var text = source.Option(option);
        if (text is null)
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new SourceUnavailableException(
                $"Source '{source.Id}': option '{option}' is '{text}', not a positive whole number. Fix: set e.g. \"{option}\": \"{fallback}\" or remove it.");
    }

    public static bool Flag(SourceDefinition source, string option) =>
        string.Equals(source.Option(option), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A comma-separated option as its trimmed, non-empty items.</summary>
    public static IReadOnlyList<string> List(SourceDefinition source, string option) =>
        source.Option(option)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    public static TimeSpan Timeout(SourceDefinition source) => TimeSpan.FromSeconds(PositiveInt(source, "timeoutSeconds", 30));

    /// <summary>Parses an ISO 8601 date or timestamp; one without a zone is UTC, as CKAN writes its metadata dates.</summary>
    public static DateTimeOffset? Timestamp(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;

    public static string Describe(SourceDefinition source, Uri url, PortalPage page, string? portalError = null)
    {
        var what = portalError ?? page.Failure ?? "unknown failure";
        var attempts = page.Attempts == 1 ? "1 attempt" : $"{page.Attempts} attempts";
        return $"Source '{source.Id}' ({source.Kind}): GET {UrlRedactor.Redact(url)} failed after {attempts}: {what}. Fix: {Fix(page)}";
    }

    private static string Fix(PortalPage page) => page.Status switch
    {
        _ when page.WrongFormat =>
            "point the source at the catalogue's RDF/XML or JSON-LD document (ckanext-dcat serves /catalog.xml and /catalog.jsonld), or ask the publisher for one.",
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            "check the API key the connection carries (environment variable or configuration key) and that it is approved for this API.",
        HttpStatusCode.NotFound =>
            "check that the connection is the portal's base URL (for CKAN the site root, without /api/3) or the catalogue document's URL.",
        HttpStatusCode.BadRequest or HttpStatusCode.Conflict =>
            "check the source's options (for CKAN the 'fq' filter) against the portal's API documentation.",
        _ when page.Document is null && page.Failure?.Contains("JSON", StringComparison.Ordinal) == true =>
            "the URL does not serve the expected JSON API; check the connection URL and any proxy in between.",
        _ => "check that the portal is up and reachable from the harvester; for a slow portal raise option 'timeoutSeconds' or lower 'pageSize'.",
    };
}
