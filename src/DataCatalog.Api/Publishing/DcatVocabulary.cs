using System.Globalization;
using DataCatalog.Core.Publishing;
using DataCatalog.Core.Scoring;

namespace DataCatalog.Api.Publishing;

/// <summary>The namespaces, IRIs and shared shaping of the DCAT-AP 3 publication (JSON-LD and RDF/XML say the same).</summary>
internal static class DcatVocabulary
{
    public const string Dcat = "http://www.w3.org/ns/dcat#";
    public const string Dct = "http://purl.org/dc/terms/";
    public const string Foaf = "http://xmlns.com/foaf/0.1/";
    public const string Vcard = "http://www.w3.org/2006/vcard/ns#";
    public const string Skos = "http://www.w3.org/2004/02/skos/core#";
    public const string Rdfs = "http://www.w3.org/2000/01/rdf-schema#";
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Dqv = "http://www.w3.org/ns/dqv#";
    public const string Hydra = "http://www.w3.org/ns/hydra/core#";
    public const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    public const string Frequency = "http://publications.europa.eu/resource/authority/frequency/";

    /// <summary>Prefix and namespace of every vocabulary used, in the order documents declare them.</summary>
    public static readonly (string Prefix, string Namespace)[] Prefixes =
        [("dcat", Dcat), ("dct", Dct), ("foaf", Foaf), ("vcard", Vcard), ("skos", Skos), ("rdfs", Rdfs), ("dqv", Dqv), ("hydra", Hydra), ("xsd", Xsd)];

    /// <summary>The identifier harvesters key the dataset by: source and qualified name, unique in the city.</summary>
    public static string Identifier(PublishedDataset dataset) => $"{dataset.SourceId}:{dataset.QualifiedName}";

    public static string DatasetIri(string baseUrl, PublishedDataset dataset) => $"{baseUrl}/catalog/datasets/{dataset.Id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The quality metric IRI of a dimension (<c>…/catalog/quality#completeness</c>) or of the AI-readiness grade.</summary>
    public static string Metric(string baseUrl, QualityDimension? dimension) =>
        $"{baseUrl}/catalog/quality#{(dimension is { } d ? d.ToString().ToLowerInvariant() : "ai-readiness-grade")}";

    public static string? FrequencyIri(string? updateCycle) => PublicationPolicy.Frequency(updateCycle) is { } code ? Frequency + code : null;

    public static string Instant(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The publisher named for a dataset: its own, else its department.</summary>
    public static string Publisher(PublishedDataset dataset) => dataset.Publisher ?? dataset.DepartmentName;

    public static bool IsAbsoluteIri(string? text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
