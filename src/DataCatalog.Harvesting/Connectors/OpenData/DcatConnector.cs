using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;
using static DataCatalog.Harvesting.Connectors.OpenData.JsonLdReader;

namespace DataCatalog.Harvesting.Connectors.OpenData;

/// <summary>Reads the datasets of a DCAT catalogue published as RDF/XML or JSON-LD, following hydra paging.</summary>
/// <remarks>
/// <para>The connector asks for <c>application/rdf+xml</c> and <c>application/ld+json</c> and tells the answer's format
/// from its media type and its first bytes; RDF/XML is read with the framework's XML reader (<see cref="RdfXmlReader"/>)
/// into the same node graph as JSON-LD, so both map alike. Turtle, N-Triples and HTML are refused at once with
/// <see cref="SourceFormatException"/> naming the format, never retried. A next-page link to another host than the
/// catalogue's is not followed: it ends the listing with a page-failure entry, so nothing is withdrawn.</para>
/// <para>The connection is the catalogue document's URL (ckanext-dcat's <c>/catalog.jsonld</c>, a data.europa.eu
/// export, a DCAT-AP file). Both a flattened <c>@graph</c> and a single <c>dcat:Catalog</c> object with nested
/// <c>dcat:dataset</c> are read; keys may be compact (<c>dct:title</c>, <c>dcterms:title</c>, <c>title</c>) or full IRIs;
/// text in several languages yields the Korean value, else the English one, else the first.</para>
/// <para>A dataset's qualified name is its <c>dct:identifier</c>, else its <c>@id</c>. Paging follows
/// <c>hydra:nextPage</c> (or <c>hydra:next</c> of a partial collection view) until there is none.</para>
/// <para>Failures mirror <see cref="CkanConnector"/>: a failing first page throws <see cref="SourceUnavailableException"/>;
/// a later failing page ends the harvest with one <see cref="ExtractedDataset.Failed"/> entry named
/// <c>dcat:page:&lt;n&gt;</c> (n the 1-based page number), after the datasets already read, so the pipeline knows the
/// harvest is partial and keeps the datasets it did not see. A dataset with neither identifier nor <c>@id</c> is a
/// failed entry named <c>dcat:item:&lt;page&gt;:&lt;position&gt;</c>; a <c>dcat:dataset</c> reference to a node the
/// document does not describe is skipped.</para>
/// <para>Options: <c>timeoutSeconds</c> (per request, default 30), <c>maxPages</c> (default 10 000, a guard against a
/// catalogue whose pages link in a circle).</para>
/// </remarks>
public sealed class DcatConnector(HttpClient http, OpenDataRetryPolicy? retry = null) : ISourceConnector
{
    /// <summary>Prefix of the qualified name of a page-failure entry.</summary>
    public const string PageFailurePrefix = "dcat:page:";

    public string Kind => SourceKind.Dcat;

    public async IAsyncEnumerable<ExtractedDataset> ExtractAsync(
        SourceDefinition source, string connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        Uri? url = PortalSupport.ParseBaseUrl(source, connection);
        var portal = new PortalHttp(http, retry ?? OpenDataRetryPolicy.Default, PortalSupport.Timeout(source));
        var maxPages = PortalSupport.PositiveInt(source, "maxPages", 10_000);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        var catalogue = url;
        for (var pageNumber = 1; url is not null && pageNumber <= maxPages && visited.Add(url.AbsoluteUri); pageNumber++)
        {
            var pageUrl = url;
            using var page = await portal.GetDocumentAsync(pageUrl, DcatFormats.Accept, (body, mediaType) => DcatFormats.Read(body, mediaType, pageUrl), cancellationToken);
            var failure = page.Document is null || page.Failure is not null
                ? PortalSupport.Describe(source, url, page)
                : page.Document.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                    ? null
                    : PortalSupport.Describe(source, url, page, "the answer is not a JSON-LD document");
            if (failure is not null)
            {
                if (pageNumber == 1)
                {
                    // A format the connector does not read is no passing fault: the harvest fails now instead of retrying.
                    throw page.WrongFormat ? new SourceFormatException(failure) : new SourceUnavailableException(failure);
                }

                yield return ExtractedDataset.Failed(PageFailurePrefix + pageNumber.ToString(CultureInfo.InvariantCulture), failure);
                yield break;
            }

            var reader = new JsonLdReader(page.Document!.RootElement);
            var position = 0;
            foreach (var dataset in Datasets(reader))
            {
                position++;
                var mapped = Map(reader, dataset, pageNumber, position);
                // A dataset listed both inline and in the graph, or repeated on two pages, is delivered once.
                if (seen.Add(mapped.QualifiedName))
                {
                    yield return mapped;
                }
            }

            url = NextPage(reader, url);
            if (url is not null && !SameHost(url, catalogue))
            {
                // A next link to another host would send the harvester wherever the document says; the listing stays incomplete.
                yield return ExtractedDataset.Failed(PageFailurePrefix + (pageNumber + 1).ToString(CultureInfo.InvariantCulture),
                    $"Source '{source.Id}' (dcat): page {pageNumber.ToString(CultureInfo.InvariantCulture)} links its next page on host '{url.Host}', " +
                    $"not on the catalogue's host '{catalogue.Host}'; it was not followed, so the listing is incomplete and nothing is withdrawn. " +
                    "Fix: set the source's connection to the host the catalogue names in its own links (its site URL).");
                yield break;
            }
        }
    }

    private static bool SameHost(Uri next, Uri catalogue) =>
        string.Equals(next.IdnHost, catalogue.IdnHost, StringComparison.OrdinalIgnoreCase)
        && (next.Port == catalogue.Port || (next.IsDefaultPort && catalogue.IsDefaultPort));

    private static IEnumerable<JsonElement> Datasets(JsonLdReader reader)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var catalogs = reader.TopLevel.Where(node => reader.Values(node, Dcat + "dataset").Any());
        foreach (var catalog in catalogs)
        {
            foreach (var value in reader.Values(catalog, Dcat + "dataset"))
            {
                // ckanext-dcat lists every dataset of the page by reference; a reference described nowhere in the
                // document would map to a dataset with no metadata at all, which would read as "all fields removed".
                if (reader.Resolve(value) is { } dataset && !JsonLdReader.IsReference(dataset) && (reader.Id(dataset) is not { } id || ids.Add(id)))
                {
                    yield return dataset;
                }
            }
        }

        foreach (var node in reader.TopLevel.Where(node => reader.HasType(node, Dcat + "Dataset")))
        {
            if (reader.Id(node) is not { } id || ids.Add(id))
            {
                yield return node;
            }
        }
    }

    private static ExtractedDataset Map(JsonLdReader reader, JsonElement dataset, int pageNumber, int position)
    {
        // A blank node's label (_:b0) is local to one document and would change at every harvest: it is no identity.
        var name = reader.Text(dataset, Dct + "identifier") ?? (reader.Id(dataset) is { } id && !id.StartsWith("_:", StringComparison.Ordinal) ? id : null);
        if (name is null)
        {
            return ExtractedDataset.Failed($"dcat:item:{pageNumber}:{position}",
                $"Dataset {position} on page {pageNumber} of the catalogue has neither dct:identifier nor @id. Fix: ask the publisher to give every dcat:Dataset an identifier.");
        }

        var metadata = new DatasetMetadata
        {
            Title = reader.Text(dataset, Dct + "title"),
            Description = reader.Text(dataset, Dct + "description"),
            Publisher = Agent(reader, dataset, Dct + "publisher"),
            Keywords = reader.Texts(dataset, Dcat + "keyword"),
            Theme = reader.Values(dataset, Dcat + "theme").Select(v => Label(reader, v)).FirstOrDefault(t => t is not null),
            ContactPoint = reader.Values(dataset, Dcat + "contactPoint").Select(v => Contact(reader, v)).FirstOrDefault(c => c is not null),
            Licence = reader.Values(dataset, Dct + "license").Select(v => Label(reader, v)).FirstOrDefault(l => l is not null),
            UpdateCycle = reader.Values(dataset, Dct + "accrualPeriodicity").Select(v => LastSegment(reader.IriOrText(v))).FirstOrDefault(f => f is not null),
            Issued = PortalSupport.Timestamp(reader.Values(dataset, Dct + "issued").Select(reader.IriOrText).FirstOrDefault()),
            Modified = PortalSupport.Timestamp(reader.Values(dataset, Dct + "modified").Select(reader.IriOrText).FirstOrDefault()),
            LandingPage = reader.Values(dataset, Dcat + "landingPage").Select(v => reader.Resolve(v) is { } page && reader.Id(page) is { } iri ? iri : reader.IriOrText(v))
                .FirstOrDefault(p => p is not null && !p.StartsWith("_:", StringComparison.Ordinal)),
            Distributions = reader.Values(dataset, Dcat + "distribution")
                .Select(reader.Resolve).OfType<JsonElement>().Select(d => Distribution(reader, d)).ToArray(),
        };
        return new ExtractedDataset(name, new DatasetSnapshot(name, DatasetKind.PortalDataset, [], metadata), []);
    }

    private static Distribution Distribution(JsonLdReader reader, JsonElement distribution)
    {
        var url = reader.Values(distribution, Dcat + "downloadURL").Select(reader.IriOrText).FirstOrDefault(u => u is not null)
            ?? reader.Values(distribution, Dcat + "accessURL").Select(reader.IriOrText).FirstOrDefault(u => u is not null);
        var format = reader.Values(distribution, Dct + "format").Select(v => Format(reader, v)).FirstOrDefault(f => f is not null)
            ?? reader.Values(distribution, Dcat + "mediaType").Select(v => MediaType(reader.IriOrText(v))).FirstOrDefault(m => m is not null);
        var mediaType = reader.Values(distribution, Dcat + "mediaType").Select(v => MediaType(Label(reader, v))).FirstOrDefault(m => m is not null);
        return new Distribution(format, url, reader.Text(distribution, Dct + "title"), mediaType,
            reader.Values(distribution, Dcat + "byteSize").Select(v => ByteSize(reader.IriOrText(v))).FirstOrDefault(b => b is not null));
    }

    private static string? Agent(JsonLdReader reader, JsonElement node, string iri)
    {
        foreach (var value in reader.Values(node, iri))
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            if (reader.Resolve(value) is { } agent)
            {
                var name = reader.Text(agent, Foaf + "name") ?? reader.Text(agent, Vcard + "fn") ?? reader.Text(agent, Skos + "prefLabel");
                if (name is not null)
                {
                    return name;
                }
            }
        }

        return null;
    }

    // Email first, as the CKAN connector reports maintainer_email: one comparable form across portals.
    private static string? Contact(JsonLdReader reader, JsonElement value)
    {
        if (reader.Resolve(value) is not { } card)
        {
            return reader.IriOrText(value);
        }

        var email = reader.Values(card, Vcard + "hasEmail").Select(reader.IriOrText).FirstOrDefault(e => e is not null);
        if (email is not null)
        {
            return email.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? email["mailto:".Length..] : email;
        }

        return reader.Text(card, Vcard + "fn") ?? reader.Text(card, Foaf + "name");
    }

    private static string? Label(JsonLdReader reader, JsonElement value)
    {
        if (reader.Resolve(value) is { } node && !node.TryGetProperty("@value", out _))
        {
            return reader.Text(node, Skos + "prefLabel") ?? reader.Text(node, Dct + "title") ?? reader.Text(node, Rdfs + "label")
                ?? reader.Id(node);
        }

        return reader.IriOrText(value);
    }

    // EU authority tables name file types by IRI (.../file-type/CSV); the code at the end is the format.
    private static string? Format(JsonLdReader reader, JsonElement value)
    {
        if (reader.Resolve(value) is { } node && !node.TryGetProperty("@value", out _) && reader.Id(node) is null)
        {
            return reader.Text(node, Rdfs + "label") ?? reader.Text(node, Rdf + "value");
        }

        var text = reader.IriOrText(value);
        return text is not null && text.Contains("://", StringComparison.Ordinal) ? LastSegment(text) : text;
    }

    // xsd:decimal in DCAT-AP ("1024.0"), xsd:nonNegativeInteger in DCAT 2 and 3 ("1024"): both are whole bytes.
    private static long? ByteSize(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var size) && size >= 0 && size == decimal.Truncate(size)
            ? (long)size
            : null;

    private static string? MediaType(string? value)
    {
        const string Iana = "/media-types/";
        var index = value?.IndexOf(Iana, StringComparison.OrdinalIgnoreCase) ?? -1;
        return index < 0 ? value : value![(index + Iana.Length)..];
    }

    private static string? LastSegment(string? value)
    {
        if (value is null || !value.Contains("://", StringComparison.Ordinal))
        {
            return value;
        }

        var trimmed = value.TrimEnd('/', '#');
        var cut = trimmed.LastIndexOfAny(['/', '#']);
        return cut < 0 ? trimmed : trimmed[(cut + 1)..];
    }

    private static Uri? NextPage(JsonLdReader reader, Uri current)
    {
        var next = reader.FindFirst(Hydra + "nextPage") ?? reader.FindFirst(Hydra + "next");
        var text = next is { } value ? reader.IriOrText(value) : null;
        return text is not null && Uri.TryCreate(current, text, out var url) ? url : null;
    }
}
