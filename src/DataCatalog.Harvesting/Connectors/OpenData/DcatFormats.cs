using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DataCatalog.Harvesting.Connectors.OpenData;

/// <summary>Recognises the serialisation of a DCAT answer from its media type and its first bytes.</summary>
internal static partial class DcatFormats
{
    /// <summary>What the DCAT connector asks for: RDF/XML and JSON-LD first, plain JSON and XML as fallbacks.</summary>
    public const string Accept = "application/rdf+xml, application/ld+json, application/json;q=0.8, application/xml;q=0.5, text/xml;q=0.5";

    public const string FormatsRead = "RDF/XML (application/rdf+xml) and JSON-LD (application/ld+json)";

    private static readonly Dictionary<string, string> Refused = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text/turtle"] = "Turtle", ["application/x-turtle"] = "Turtle", ["text/n3"] = "Notation3", ["text/rdf+n3"] = "Notation3",
        ["application/n-triples"] = "N-Triples", ["application/n-quads"] = "N-Quads", ["application/trig"] = "TriG",
        ["text/html"] = "HTML", ["application/xhtml+xml"] = "HTML",
    };

    /// <summary>Reads a DCAT answer into a JSON-LD document, or refuses a format that is not read.</summary>
    public static JsonDocument Read(ReadOnlyMemory<byte> body, string? mediaType, Uri url)
    {
        var sniffed = Sniff(body.Span);
        if (mediaType is not null && Refused.TryGetValue(mediaType, out var declared))
        {
            throw Refuse(declared, mediaType);
        }

        switch (sniffed)
        {
            case "HTML" or "Turtle" or "N-Triples":
                throw Refuse(sniffed, mediaType);
            case "JSON":
                return JsonDocument.Parse(body);
            case "XML":
                return RdfXmlReader.Read(body, url);
        }

        // An empty or cut-off body: read it as its media type says, so the parser's error (retried) says what broke.
        return mediaType?.ToLowerInvariant() switch
        {
            "application/ld+json" or "application/json" => JsonDocument.Parse(body),
            "application/rdf+xml" or "application/xml" or "text/xml" => RdfXmlReader.Read(body, url),
            _ => throw new UnreadableFormatException(
                $"the answer ({mediaType ?? "no media type"}) is neither JSON-LD nor RDF/XML; this connector reads {FormatsRead}"),
        };
    }

    private static UnreadableFormatException Refuse(string format, string? mediaType) =>
        new($"the answer is {format}{(mediaType is null ? "" : $" ({mediaType})")}; this connector reads {FormatsRead}, not {format}");

    private static string? Sniff(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        var head = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 512)]).TrimStart();
        if (head.Length == 0)
        {
            return null;
        }

        if (head[0] is '{' or '[')
        {
            return "JSON";
        }

        if (head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
        {
            return "HTML";
        }

        if (NTriplesPattern().IsMatch(head) || head.StartsWith("_:", StringComparison.Ordinal))
        {
            return "N-Triples";
        }

        if (head[0] == '<')
        {
            return "XML";
        }

        return TurtlePattern().IsMatch(head) ? "Turtle" : null;
    }

    // <http://x/s> <http://x/p> …: an absolute IRI in angle brackets followed on the same line by another term.
    [GeneratedRegex(@"^<[A-Za-z][A-Za-z0-9+.-]*:[^>\s]*>[ \t]+[<""_]")]
    private static partial Regex NTriplesPattern();

    [GeneratedRegex(@"^(@prefix|@base|PREFIX\s|BASE\s)", RegexOptions.IgnoreCase)]
    private static partial Regex TurtlePattern();
}
