using System.Globalization;
using System.Text;
using System.Xml;
using static DataCatalog.Api.Publishing.DcatVocabulary;

namespace DataCatalog.Api.Publishing;

/// <summary>Writes one page of the catalogue as DCAT-AP 3 RDF/XML, the same graph as <see cref="DcatJsonLdWriter"/>.</summary>
internal static class DcatRdfXmlWriter
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Async = true,
        Indent = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
    };

    public static async Task WriteAsync(Stream output, PublishedPage page, string baseUrl, string catalogTitle, CancellationToken cancellationToken)
    {
        await using var xml = XmlWriter.Create(output, Settings);
        var self = $"{baseUrl}/catalog.rdf";
        await xml.WriteStartDocumentAsync();
        xml.WriteStartElement("rdf", "RDF", Rdf);
        foreach (var (prefix, ns) in Prefixes)
        {
            xml.WriteAttributeString("xmlns", prefix, null, ns);
        }

        xml.WriteStartElement("dcat", "Catalog", Dcat);
        xml.WriteAttributeString("rdf", "about", Rdf, self);
        Lang(xml, "dct", "title", Dct, catalogTitle);
        foreach (var dataset in page.Datasets)
        {
            xml.WriteStartElement("dcat", "dataset", Dcat);
            Dataset(xml, dataset, baseUrl);
            xml.WriteEndElement();
            await xml.FlushAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        xml.WriteEndElement();

        xml.WriteStartElement("hydra", "PartialCollectionView", Hydra);
        xml.WriteAttributeString("rdf", "about", Rdf, DcatJsonLdWriter.Page(self, page.Page));
        Resource(xml, "hydra", "first", Hydra, DcatJsonLdWriter.Page(self, 1));
        Resource(xml, "hydra", "last", Hydra, DcatJsonLdWriter.Page(self, page.LastPage));
        if (page.Page > 1)
        {
            Resource(xml, "hydra", "previous", Hydra, DcatJsonLdWriter.Page(self, page.Page - 1));
        }

        if (page.Page < page.LastPage)
        {
            Resource(xml, "hydra", "next", Hydra, DcatJsonLdWriter.Page(self, page.Page + 1));
        }

        Typed(xml, "hydra", "totalItems", Hydra, page.Total.ToString(CultureInfo.InvariantCulture), "integer");
        Typed(xml, "hydra", "itemsPerPage", Hydra, page.PageSize.ToString(CultureInfo.InvariantCulture), "integer");
        xml.WriteEndElement();

        xml.WriteEndElement();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private static void Dataset(XmlWriter xml, PublishedDataset dataset, string baseUrl)
    {
        xml.WriteStartElement("dcat", "Dataset", Dcat);
        xml.WriteAttributeString("rdf", "about", Rdf, DatasetIri(baseUrl, dataset));
        xml.WriteElementString("dct", "identifier", Dct, Identifier(dataset));
        Lang(xml, "dct", "title", Dct, dataset.Title ?? dataset.QualifiedName);
        if (dataset.Description is { } description)
        {
            Lang(xml, "dct", "description", Dct, description);
        }

        xml.WriteStartElement("dct", "publisher", Dct);
        xml.WriteStartElement("foaf", "Agent", Foaf);
        xml.WriteElementString("foaf", "name", Foaf, Publisher(dataset));
        xml.WriteEndElement();
        xml.WriteEndElement();

        foreach (var keyword in dataset.Keywords)
        {
            Lang(xml, "dcat", "keyword", Dcat, keyword);
        }

        if (dataset.Theme is { } theme)
        {
            xml.WriteStartElement("dcat", "theme", Dcat);
            xml.WriteStartElement("skos", "Concept", Skos);
            Lang(xml, "skos", "prefLabel", Skos, theme);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        if (dataset.ContactPoint is { } contact)
        {
            xml.WriteStartElement("dcat", "contactPoint", Dcat);
            xml.WriteStartElement("vcard", "Kind", Vcard);
            if (contact.Contains('@', StringComparison.Ordinal))
            {
                Resource(xml, "vcard", "hasEmail", Vcard, "mailto:" + contact);
            }
            else
            {
                xml.WriteElementString("vcard", "fn", Vcard, contact);
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        if (dataset.Licence is { } licence)
        {
            if (IsAbsoluteIri(licence))
            {
                Resource(xml, "dct", "license", Dct, licence);
            }
            else
            {
                xml.WriteStartElement("dct", "license", Dct);
                xml.WriteStartElement("dct", "LicenseDocument", Dct);
                Lang(xml, "rdfs", "label", Rdfs, licence);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
        }

        if (FrequencyIri(dataset.UpdateCycle) is { } frequency)
        {
            Resource(xml, "dct", "accrualPeriodicity", Dct, frequency);
        }
        else if (dataset.UpdateCycle is { } cycle)
        {
            xml.WriteElementString("dct", "accrualPeriodicity", Dct, cycle);
        }

        if (dataset.Issued is { } issued)
        {
            Typed(xml, "dct", "issued", Dct, Instant(issued), "dateTime");
        }

        if (dataset.Modified is { } modified)
        {
            Typed(xml, "dct", "modified", Dct, Instant(modified), "dateTime");
        }

        if (dataset.LandingPage is { } landing && IsAbsoluteIri(landing))
        {
            Resource(xml, "dcat", "landingPage", Dcat, landing);
        }

        foreach (var distribution in dataset.Distributions)
        {
            xml.WriteStartElement("dcat", "distribution", Dcat);
            xml.WriteStartElement("dcat", "Distribution", Dcat);
            if (distribution.Url is { } url)
            {
                Resource(xml, "dcat", IsAbsoluteIri(url) ? "downloadURL" : "accessURL", Dcat, url);
            }

            if (distribution.Title is { } title)
            {
                Lang(xml, "dct", "title", Dct, title);
            }

            if (distribution.Format is { } format)
            {
                xml.WriteElementString("dct", "format", Dct, format);
            }

            if (distribution.MediaType is { } mediaType)
            {
                xml.WriteElementString("dcat", "mediaType", Dcat, mediaType);
            }

            if (distribution.ByteSize is { } size)
            {
                Typed(xml, "dcat", "byteSize", Dcat, size.ToString(CultureInfo.InvariantCulture), "nonNegativeInteger");
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        foreach (var (dimension, value) in dataset.Scores)
        {
            Measurement(xml, Metric(baseUrl, dimension), Number(value), "decimal");
        }

        if (dataset.Grade is { } grade)
        {
            Measurement(xml, Metric(baseUrl, null), grade, null);
        }

        xml.WriteEndElement();
    }

    private static void Measurement(XmlWriter xml, string metric, string value, string? type)
    {
        xml.WriteStartElement("dqv", "hasQualityMeasurement", Dqv);
        xml.WriteStartElement("dqv", "QualityMeasurement", Dqv);
        Resource(xml, "dqv", "isMeasurementOf", Dqv, metric);
        if (type is null)
        {
            xml.WriteElementString("dqv", "value", Dqv, value);
        }
        else
        {
            Typed(xml, "dqv", "value", Dqv, value, type);
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Lang(XmlWriter xml, string prefix, string name, string ns, string text)
    {
        xml.WriteStartElement(prefix, name, ns);
        xml.WriteAttributeString("xml", "lang", null, "ko");
        xml.WriteString(text);
        xml.WriteEndElement();
    }

    private static void Resource(XmlWriter xml, string prefix, string name, string ns, string iri)
    {
        xml.WriteStartElement(prefix, name, ns);
        xml.WriteAttributeString("rdf", "resource", Rdf, iri);
        xml.WriteEndElement();
    }

    private static void Typed(XmlWriter xml, string prefix, string name, string ns, string value, string xsdType)
    {
        xml.WriteStartElement(prefix, name, ns);
        xml.WriteAttributeString("rdf", "datatype", Rdf, Xsd + xsdType);
        xml.WriteString(value);
        xml.WriteEndElement();
    }
}
