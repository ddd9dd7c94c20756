using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using static DataCatalog.Api.Publishing.DcatVocabulary;

namespace DataCatalog.Api.Publishing;

/// <summary>Writes one page of the catalogue as DCAT-AP 3 JSON-LD: a <c>dcat:Catalog</c> with its datasets nested, and a
/// <c>hydra:PartialCollectionView</c> linking the pages.</summary>
internal static class DcatJsonLdWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(Stream output, PublishedPage page, string baseUrl, string catalogTitle, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output, Options);
        var self = $"{baseUrl}/catalog.jsonld";
        json.WriteStartObject();
        json.WriteStartObject("@context");
        foreach (var (prefix, ns) in Prefixes)
        {
            json.WriteString(prefix, ns);
        }

        json.WriteEndObject();
        json.WriteStartArray("@graph");

        json.WriteStartObject();
        json.WriteString("@id", self);
        json.WriteString("@type", "dcat:Catalog");
        Lang(json, "dct:title", catalogTitle);
        json.WriteStartArray("dcat:dataset");
        foreach (var dataset in page.Datasets)
        {
            Dataset(json, dataset, baseUrl);
            await json.FlushAsync(cancellationToken);
        }

        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartObject();
        json.WriteString("@id", Page(self, page.Page));
        json.WriteString("@type", "hydra:PartialCollectionView");
        json.WriteString("hydra:first", Page(self, 1));
        json.WriteString("hydra:last", Page(self, page.LastPage));
        if (page.Page > 1)
        {
            json.WriteString("hydra:previous", Page(self, page.Page - 1));
        }

        if (page.Page < page.LastPage)
        {
            json.WriteString("hydra:next", Page(self, page.Page + 1));
        }

        json.WriteNumber("hydra:totalItems", page.Total);
        json.WriteNumber("hydra:itemsPerPage", page.PageSize);
        json.WriteEndObject();

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    internal static string Page(string self, int page) => $"{self}?page={page.ToString(CultureInfo.InvariantCulture)}";

    private static void Dataset(Utf8JsonWriter json, PublishedDataset dataset, string baseUrl)
    {
        var iri = DatasetIri(baseUrl, dataset);
        json.WriteStartObject();
        json.WriteString("@id", iri);
        json.WriteString("@type", "dcat:Dataset");
        json.WriteString("dct:identifier", Identifier(dataset));
        Lang(json, "dct:title", dataset.Title ?? dataset.QualifiedName);
        if (dataset.Description is { } description)
        {
            Lang(json, "dct:description", description);
        }

        json.WriteStartObject("dct:publisher");
        json.WriteString("@type", "foaf:Agent");
        json.WriteString("foaf:name", Publisher(dataset));
        json.WriteEndObject();

        if (dataset.Keywords.Count > 0)
        {
            json.WriteStartArray("dcat:keyword");
            foreach (var keyword in dataset.Keywords)
            {
                LangValue(json, keyword);
            }

            json.WriteEndArray();
        }

        if (dataset.Theme is { } theme)
        {
            json.WriteStartObject("dcat:theme");
            json.WriteString("@type", "skos:Concept");
            Lang(json, "skos:prefLabel", theme);
            json.WriteEndObject();
        }

        if (dataset.ContactPoint is { } contact)
        {
            json.WriteStartObject("dcat:contactPoint");
            json.WriteString("@type", "vcard:Kind");
            if (contact.Contains('@', StringComparison.Ordinal))
            {
                json.WriteStartObject("vcard:hasEmail");
                json.WriteString("@id", "mailto:" + contact);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("vcard:fn", contact);
            }

            json.WriteEndObject();
        }

        if (dataset.Licence is { } licence)
        {
            json.WriteStartObject("dct:license");
            if (IsAbsoluteIri(licence))
            {
                json.WriteString("@id", licence);
            }
            else
            {
                json.WriteString("@type", "dct:LicenseDocument");
                Lang(json, "rdfs:label", licence);
            }

            json.WriteEndObject();
        }

        if (FrequencyIri(dataset.UpdateCycle) is { } frequency)
        {
            json.WriteStartObject("dct:accrualPeriodicity");
            json.WriteString("@id", frequency);
            json.WriteEndObject();
        }
        else if (dataset.UpdateCycle is { } cycle)
        {
            // A cycle the EU table has no code for is published as the department wrote it rather than lost.
            json.WriteString("dct:accrualPeriodicity", cycle);
        }

        Typed(json, "dct:issued", dataset.Issued);
        Typed(json, "dct:modified", dataset.Modified);
        if (dataset.LandingPage is { } landing && IsAbsoluteIri(landing))
        {
            json.WriteStartObject("dcat:landingPage");
            json.WriteString("@id", landing);
            json.WriteEndObject();
        }

        if (dataset.Distributions.Count > 0)
        {
            json.WriteStartArray("dcat:distribution");
            foreach (var distribution in dataset.Distributions)
            {
                json.WriteStartObject();
                json.WriteString("@type", "dcat:Distribution");
                if (distribution.Url is { } url)
                {
                    json.WriteStartObject(IsAbsoluteIri(url) ? "dcat:downloadURL" : "dcat:accessURL");
                    json.WriteString("@id", url);
                    json.WriteEndObject();
                }

                if (distribution.Title is { } title)
                {
                    Lang(json, "dct:title", title);
                }

                if (distribution.Format is { } format)
                {
                    json.WriteString("dct:format", format);
                }

                if (distribution.MediaType is { } mediaType)
                {
                    json.WriteString("dcat:mediaType", mediaType);
                }

                if (distribution.ByteSize is { } size)
                {
                    json.WriteStartObject("dcat:byteSize");
                    json.WriteString("@value", size.ToString(CultureInfo.InvariantCulture));
                    json.WriteString("@type", "xsd:nonNegativeInteger");
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        // DQV: one measurement per dimension of the latest scoring, and the AI-readiness grade.
        if (dataset.Scores.Count > 0 || dataset.Grade is not null)
        {
            json.WriteStartArray("dqv:hasQualityMeasurement");
            foreach (var (dimension, value) in dataset.Scores)
            {
                Measurement(json, Metric(baseUrl, dimension), w =>
                {
                    w.WriteString("@value", Number(value));
                    w.WriteString("@type", "xsd:decimal");
                });
            }

            if (dataset.Grade is { } grade)
            {
                Measurement(json, Metric(baseUrl, null), w => w.WriteString("@value", grade));
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void Measurement(Utf8JsonWriter json, string metric, Action<Utf8JsonWriter> value)
    {
        json.WriteStartObject();
        json.WriteString("@type", "dqv:QualityMeasurement");
        json.WriteStartObject("dqv:isMeasurementOf");
        json.WriteString("@id", metric);
        json.WriteEndObject();
        json.WriteStartObject("dqv:value");
        value(json);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Lang(Utf8JsonWriter json, string property, string text)
    {
        json.WritePropertyName(property);
        LangValue(json, text);
    }

    private static void LangValue(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteString("@value", text);
        json.WriteString("@language", "ko");
        json.WriteEndObject();
    }

    private static void Typed(Utf8JsonWriter json, string property, DateTimeOffset? instant)
    {
        if (instant is { } value)
        {
            json.WriteStartObject(property);
            json.WriteString("@value", Instant(value));
            json.WriteString("@type", "xsd:dateTime");
            json.WriteEndObject();
        }
    }
}
