using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace DataCatalog.Harvesting.Connectors.OpenData;

/// <summary>Reads an RDF/XML document into flattened, expanded JSON-LD, so one DCAT mapping serves both serialisations.</summary>
/// <remarks>
/// <para>Covers what catalogues publish: typed node elements and <c>rdf:Description</c> with <c>rdf:type</c>, nested
/// nodes, <c>rdf:about</c>/<c>rdf:ID</c> (resolved against <c>xml:base</c> or the document's URL), <c>rdf:nodeID</c>
/// blank nodes, <c>rdf:resource</c>, <c>rdf:parseType="Resource"</c> and <c>"Literal"</c>, property attributes,
/// <c>rdf:datatype</c> and inherited <c>xml:lang</c>. Each subject becomes one node (descriptions of the same subject
/// merge); blank nodes get <c>_:</c> identifiers. Containers and reification are not RDF that DCAT needs.</para>
/// <para>External entities are never resolved and entity expansion is bounded, so a hostile document cannot read
/// files or exhaust memory.</para>
/// </remarks>
internal static partial class RdfXmlReader
{
    public const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    private static readonly XNamespace Rdf = RdfNs;
    private static readonly XName Description = Rdf + "Description";
    private static readonly XName About = Rdf + "about";
    private static readonly XName NodeId = Rdf + "nodeID";
    private static readonly XName RdfId = Rdf + "ID";
    private static readonly XName Resource = Rdf + "resource";
    private static readonly XName ParseType = Rdf + "parseType";
    private static readonly XName Datatype = Rdf + "datatype";
    private static readonly XName Type = Rdf + "type";
    private static readonly XName Lang = XNamespace.Xml + "lang";
    private static readonly XName Base = XNamespace.Xml + "base";

    /// <summary>Parses <paramref name="body"/> as RDF/XML; <paramref name="documentUrl"/> resolves relative IRIs.</summary>
    /// <exception cref="XmlException">The body is not well-formed XML.</exception>
    /// <exception cref="UnreadableFormatException">Well-formed XML that is not RDF (an Atom feed, an error page in XML).</exception>
    public static JsonDocument Read(ReadOnlyMemory<byte> body, Uri documentUrl)
    {
        var settings = new XmlReaderSettings
        {
            // Some RDF/XML writers declare entities for namespaces in an internal DTD; external ones are never fetched.
            DtdProcessing = DtdProcessing.Parse,
            XmlResolver = null,
            MaxCharactersFromEntities = 1_000_000,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        using var xml = XmlReader.Create(stream, settings);
        var document = XDocument.Load(xml, LoadOptions.None);
        var root = document.Root ?? throw new XmlException("The document has no root element.");

        var graph = new Graph(documentUrl);
        if (root.Name == Rdf + "RDF")
        {
            foreach (var node in root.Elements())
            {
                graph.NodeElement(node);
            }
        }
        else if (root.Attributes().Any(a => a.Name.Namespace == Rdf) || root.Name.Namespace == Rdf)
        {
            // RDF/XML may omit rdf:RDF around a single node element.
            graph.NodeElement(root);
        }
        else
        {
            throw new UnreadableFormatException(
                $"the answer is XML whose root element is <{root.Name.LocalName}> ({(root.Name.NamespaceName.Length == 0 ? "no namespace" : root.Name.NamespaceName)}), not RDF/XML (rdf:RDF)");
        }

        return graph.ToJsonLd();
    }

    private sealed class Node(string id)
    {
        public string Id { get; } = id;
        public List<string> Types { get; } = [];
        public List<(string Predicate, object Value)> Properties { get; } = [];
    }

    private sealed record Literal(string Text, string? Language, string? Datatype);

    private sealed record Reference(string Id);

    private sealed class Graph(Uri documentUrl)
    {
        private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
        private int _blank;

        public string NodeElement(XElement element)
        {
            var node = Subject(element);
            if (element.Name != Description)
            {
                node.Types.Add(Iri(element.Name));
            }

            PropertyAttributes(node, element);
            foreach (var property in element.Elements())
            {
                PropertyElement(node, property);
            }

            return node.Id;
        }

        public JsonDocument ToJsonLd()
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                foreach (var node in _nodes.Values)
                {
                    writer.WriteStartObject();
                    writer.WriteString("@id", node.Id);
                    if (node.Types.Count > 0)
                    {
                        writer.WriteStartArray("@type");
                        foreach (var type in node.Types.Distinct(StringComparer.Ordinal))
                        {
                            writer.WriteStringValue(type);
                        }

                        writer.WriteEndArray();
                    }

                    foreach (var group in node.Properties.GroupBy(p => p.Predicate, StringComparer.Ordinal))
                    {
                        writer.WriteStartArray(group.Key);
                        foreach (var (_, value) in group)
                        {
                            writer.WriteStartObject();
                            switch (value)
                            {
                                case Reference reference:
                                    writer.WriteString("@id", reference.Id);
                                    break;
                                case Literal literal:
                                    writer.WriteString("@value", literal.Text);
                                    if (literal.Language is { Length: > 0 } language)
                                    {
                                        writer.WriteString("@language", language);
                                    }
                                    else if (literal.Datatype is not null)
                                    {
                                        writer.WriteString("@type", literal.Datatype);
                                    }

                                    break;
                            }

                            writer.WriteEndObject();
                        }

                        writer.WriteEndArray();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            return JsonDocument.Parse(buffer.ToArray());
        }

        private void PropertyElement(Node subject, XElement property)
        {
            var predicate = Iri(property.Name);
            var parseType = property.Attribute(ParseType)?.Value;
            if (property.Attribute(Resource) is { } resource)
            {
                var target = Resolve(property, resource.Value);
                if (predicate == RdfNs + "type")
                {
                    subject.Types.Add(target);
                    return;
                }

                subject.Properties.Add((predicate, new Reference(target)));
                PropertyAttributes(NodeFor(target), property);
            }
            else if (property.Attribute(NodeId) is { } nodeId)
            {
                var target = "_:" + nodeId.Value;
                subject.Properties.Add((predicate, new Reference(target)));
                PropertyAttributes(NodeFor(target), property);
            }
            else if (parseType == "Resource")
            {
                var blank = NodeFor(NewBlank());
                subject.Properties.Add((predicate, new Reference(blank.Id)));
                foreach (var inner in property.Elements())
                {
                    PropertyElement(blank, inner);
                }
            }
            else if (parseType == "Literal")
            {
                var xml = string.Concat(property.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
                subject.Properties.Add((predicate, new Literal(xml, null, RdfNs + "XMLLiteral")));
            }
            else if (property.HasElements)
            {
                // One nested node element (a parseType="Collection" holds several; each becomes a value).
                foreach (var inner in property.Elements())
                {
                    subject.Properties.Add((predicate, new Reference(NodeElement(inner))));
                }
            }
            else if (LiteralAttributes(property).Any() && property.Value.Length == 0)
            {
                // An empty property element with property attributes describes a blank node.
                var blank = NodeFor(NewBlank());
                subject.Properties.Add((predicate, new Reference(blank.Id)));
                PropertyAttributes(blank, property);
            }
            else if (predicate != RdfNs + "type")
            {
                subject.Properties.Add((predicate, new Literal(property.Value, Language(property), property.Attribute(Datatype)?.Value)));
            }
            else if (property.Value.Length > 0)
            {
                subject.Types.Add(property.Value.Trim());
            }
        }

        private void PropertyAttributes(Node node, XElement element)
        {
            foreach (var attribute in LiteralAttributes(element))
            {
                if (attribute.Name == Type)
                {
                    node.Types.Add(Resolve(element, attribute.Value));
                }
                else
                {
                    node.Properties.Add((Iri(attribute.Name), new Literal(attribute.Value, Language(element), null)));
                }
            }
        }

        // Attributes that state properties: not namespace declarations, not xml:*, not RDF's own syntax attributes.
        private static IEnumerable<XAttribute> LiteralAttributes(XElement element) =>
            element.Attributes().Where(a => !a.IsNamespaceDeclaration
                && a.Name.Namespace != XNamespace.Xml
                && a.Name.Namespace != XNamespace.None
                && a.Name != About && a.Name != NodeId && a.Name != RdfId && a.Name != Resource && a.Name != ParseType
                && a.Name != Datatype && a.Name != Rdf + "bagID" && a.Name != Rdf + "aboutEach");

        private Node Subject(XElement element)
        {
            var id = element.Attribute(About) is { } about ? Resolve(element, about.Value)
                : element.Attribute(NodeId) is { } nodeId ? "_:" + nodeId.Value
                : element.Attribute(RdfId) is { } rdfId ? Resolve(element, "#" + rdfId.Value)
                : NewBlank();
            return NodeFor(id);
        }

        private Node NodeFor(string id)
        {
            if (!_nodes.TryGetValue(id, out var node))
            {
                node = new Node(id);
                _nodes.Add(id, node);
            }

            return node;
        }

        private string NewBlank() => "_:rdfxml" + (++_blank).ToString(System.Globalization.CultureInfo.InvariantCulture);

        private string Resolve(XElement element, string reference)
        {
            if (SchemePattern().IsMatch(reference))
            {
                return reference;
            }

            var baseText = element.AncestorsAndSelf().Select(e => e.Attribute(Base)?.Value).FirstOrDefault(b => b is not null);
            var baseUrl = baseText is not null && Uri.TryCreate(documentUrl, baseText, out var declared) ? declared : documentUrl;
            return Uri.TryCreate(baseUrl, reference, out var resolved) ? resolved.AbsoluteUri : reference;
        }

        private static string? Language(XElement element) =>
            element.AncestorsAndSelf().Select(e => e.Attribute(Lang)?.Value).FirstOrDefault(l => l is not null);

        private static string Iri(XName name) => name.NamespaceName + name.LocalName;
    }

    // An absolute IRI starts with a scheme; a bare path must not be taken for one (on Unix, Uri reads "/x" as a file).
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemePattern();
}
