using System.Text.Json;

namespace DataCatalog.Harvesting.Connectors.OpenData;

/// <summary>Reads properties of a JSON-LD document by full IRI, whatever way the document spells its keys.</summary>
/// <remarks>Not a JSON-LD processor: it reads the document's own <c>@context</c> (inline objects only, remote contexts are
/// not fetched) plus the prefixes DCAT catalogues commonly use, which is what portals' DCAT output needs.</remarks>
internal sealed class JsonLdReader
{
    public const string Dct = "http://purl.org/dc/terms/";
    public const string Dcat = "http://www.w3.org/ns/dcat#";
    public const string Foaf = "http://xmlns.com/foaf/0.1/";
    public const string Vcard = "http://www.w3.org/2006/vcard/ns#";
    public const string Hydra = "http://www.w3.org/ns/hydra/core#";
    public const string Skos = "http://www.w3.org/2004/02/skos/core#";
    public const string Rdfs = "http://www.w3.org/2000/01/rdf-schema#";
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    private static readonly Dictionary<string, string> DefaultPrefixes = new(StringComparer.Ordinal)
    {
        ["dct"] = Dct, ["dcterms"] = Dct, ["dc"] = Dct, ["dcat"] = Dcat, ["foaf"] = Foaf, ["vcard"] = Vcard,
        ["hydra"] = Hydra, ["skos"] = Skos, ["rdfs"] = Rdfs, ["rdf"] = Rdf,
    };

    // Bare terms as DCAT-AP's own JSON-LD context defines them, for documents that use them without shipping that context.
    private static readonly Dictionary<string, string> DefaultTerms = new(StringComparer.Ordinal)
    {
        ["title"] = Dct + "title", ["description"] = Dct + "description", ["identifier"] = Dct + "identifier",
        ["publisher"] = Dct + "publisher", ["issued"] = Dct + "issued", ["modified"] = Dct + "modified",
        ["license"] = Dct + "license", ["accrualPeriodicity"] = Dct + "accrualPeriodicity", ["format"] = Dct + "format",
        ["keyword"] = Dcat + "keyword", ["keywords"] = Dcat + "keyword", ["theme"] = Dcat + "theme",
        ["contactPoint"] = Dcat + "contactPoint", ["distribution"] = Dcat + "distribution", ["dataset"] = Dcat + "dataset",
        ["downloadURL"] = Dcat + "downloadURL", ["accessURL"] = Dcat + "accessURL", ["mediaType"] = Dcat + "mediaType",
        ["byteSize"] = Dcat + "byteSize", ["landingPage"] = Dcat + "landingPage",
        ["Dataset"] = Dcat + "Dataset", ["Catalog"] = Dcat + "Catalog", ["Distribution"] = Dcat + "Distribution",
        ["name"] = Foaf + "name", ["fn"] = Vcard + "fn", ["hasEmail"] = Vcard + "hasEmail",
        ["nextPage"] = Hydra + "nextPage", ["next"] = Hydra + "next", ["PagedCollection"] = Hydra + "PagedCollection",
        ["prefLabel"] = Skos + "prefLabel", ["label"] = Rdfs + "label",
    };

    private readonly Dictionary<string, string> _context = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _nodesById = new(StringComparer.Ordinal);
    private readonly List<JsonElement> _topLevel = [];

    public JsonLdReader(JsonElement root)
    {
        Root = root;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("@context", out var context))
        {
            ReadContext(context);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("@graph", out var graph))
        {
            _topLevel.AddRange(graph.ValueKind == JsonValueKind.Array ? graph.EnumerateArray() : [graph]);
        }
        else if (root.ValueKind == JsonValueKind.Array)
        {
            // Expanded JSON-LD is a bare array of nodes.
            _topLevel.AddRange(root.EnumerateArray());
        }
        else
        {
            _topLevel.Add(root);
        }

        foreach (var node in _topLevel)
        {
            Index(node);
        }
    }

    public JsonElement Root { get; }

    /// <summary>The document's top-level nodes: the members of <c>@graph</c>, or the root itself.</summary>
    public IReadOnlyList<JsonElement> TopLevel => _topLevel;

    public string Expand(string key)
    {
        if (key.StartsWith('@') || key.Contains("://", StringComparison.Ordinal))
        {
            return key;
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var prefix = key[..colon];
            if (_context.TryGetValue(prefix, out var ns) || DefaultPrefixes.TryGetValue(prefix, out ns))
            {
                return ns + key[(colon + 1)..];
            }

            return key;
        }

        if (_context.TryGetValue(key, out var term))
        {
            return term.Contains(':', StringComparison.Ordinal) && !term.Contains("://", StringComparison.Ordinal) ? Expand(term) : term;
        }

        return DefaultTerms.TryGetValue(key, out var known) ? known : key;
    }

    public string? Id(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String
            ? Expand(id.GetString()!)
            : null;

    public bool HasType(JsonElement node, string typeIri)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in node.EnumerateObject())
        {
            if (property.Name == "@type" || Expand(property.Name) == Rdf + "type")
            {
                foreach (var type in Flatten(property.Value))
                {
                    var name = type.ValueKind == JsonValueKind.String ? type.GetString() : Id(type);
                    if (name is not null && Expand(name) == typeIri)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>All values of a property, arrays flattened, in document order.</summary>
    public IEnumerable<JsonElement> Values(JsonElement node, string iri)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in node.EnumerateObject())
        {
            if (Expand(property.Name) == iri)
            {
                foreach (var value in Flatten(property.Value))
                {
                    yield return value;
                }
            }
        }
    }

    /// <summary>The node a value stands for: an inline object, or the node its <c>@id</c> names elsewhere in the document.</summary>
    public JsonElement? Resolve(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return Id(value) is { } id && IsReference(value) && _nodesById.TryGetValue(id, out var node) ? node : value;
    }

    /// <summary>One text value, preferring Korean, then English, then the first given.</summary>
    public string? Text(JsonElement node, string iri)
    {
        var candidates = Literals(node, iri).ToArray();
        return candidates.FirstOrDefault(c => IsLanguage(c.Language, "ko")).Text
            ?? candidates.FirstOrDefault(c => IsLanguage(c.Language, "en")).Text
            ?? candidates.FirstOrDefault().Text;
    }

    /// <summary>All text values in the preferred language (Korean, else English, else all), plus untagged ones.</summary>
    public IReadOnlyList<string> Texts(JsonElement node, string iri)
    {
        var candidates = Literals(node, iri).ToArray();
        var language = candidates.Any(c => IsLanguage(c.Language, "ko")) ? "ko"
            : candidates.Any(c => IsLanguage(c.Language, "en")) ? "en"
            : null;
        return candidates
            .Where(c => language is null || c.Language is null || IsLanguage(c.Language, language))
            .Select(c => c.Text!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>A value as an IRI or literal string: <c>{"@id": …}</c> gives the IRI, a literal its text.</summary>
    public string? IriOrText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Object when value.TryGetProperty("@value", out var literal) => literal.ValueKind == JsonValueKind.String ? literal.GetString() : literal.GetRawText(),
        JsonValueKind.Object => Id(value),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static bool IsLanguage(string? tag, string language) =>
        tag is not null && (tag.Equals(language, StringComparison.OrdinalIgnoreCase) || tag.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase));

    private IEnumerable<(string? Text, string? Language)> Literals(JsonElement node, string iri)
    {
        foreach (var value in Values(node, iri))
        {
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
            {
                yield return (text, null);
            }
            else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("@value", out var literal)
                && literal.ValueKind == JsonValueKind.String && literal.GetString() is { Length: > 0 } tagged)
            {
                var language = value.TryGetProperty("@language", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
                yield return (tagged, language);
            }
        }
    }

    /// <summary>Searches the whole document for the first value of a property, however deeply nested (a hydra view inside a catalog).</summary>
    public JsonElement? FindFirst(string iri) => FindFirst(Root, iri);

    private JsonElement? FindFirst(JsonElement element, string iri)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (FindFirst(item, iri) is { } found)
                {
                    return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "@context")
                {
                    continue;
                }

                if (Expand(property.Name) == iri)
                {
                    return Flatten(property.Value).FirstOrDefault();
                }

                if (FindFirst(property.Value, iri) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                foreach (var inner in Flatten(item))
                {
                    yield return inner;
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("@list", out var list))
        {
            foreach (var inner in Flatten(list))
            {
                yield return inner;
            }
        }
        else if (value.ValueKind != JsonValueKind.Null)
        {
            yield return value;
        }
    }

    /// <summary>True for an object that only names a node (<c>{"@id": …}</c>) and says nothing about it.</summary>
    public static bool IsReference(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.EnumerateObject().All(p => p.Name is "@id" or "@type");

    private void ReadContext(JsonElement context)
    {
        if (context.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in context.EnumerateArray())
            {
                ReadContext(item);
            }
        }
        else if (context.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in context.EnumerateObject())
            {
                var iri = entry.Value.ValueKind switch
                {
                    JsonValueKind.String => entry.Value.GetString(),
                    JsonValueKind.Object when entry.Value.TryGetProperty("@id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
                    _ => null,
                };
                if (iri is not null && !entry.Name.StartsWith('@'))
                {
                    _context[entry.Name] = iri;
                }
            }
        }
    }

    private void Index(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Index(item);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            if (Id(element) is { } id && !IsReference(element))
            {
                _nodesById.TryAdd(id, element);
            }

            foreach (var property in element.EnumerateObject())
            {
                if (property.Name != "@context")
                {
                    Index(property.Value);
                }
            }
        }
    }
}
