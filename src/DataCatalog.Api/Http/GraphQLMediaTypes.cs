using Microsoft.Net.Http.Headers;

namespace DataCatalog.Api.Http;

/// <summary>Response media types of GraphQL over HTTP and the Accept negotiation between them.</summary>
public static class GraphQLMediaTypes
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>
    /// Returns the media type to answer with, or null when the client accepts neither (406).
    /// </summary>
    public static string? Negotiate(IList<MediaTypeHeaderValue> accept)
    {
        ArgumentNullException.ThrowIfNull(accept);
        // The spec's legacy watershed: a client that names no media type may predate graphql-response+json.
        if (accept.Count == 0)
        {
            return Json;
        }

        var responseQuality = QualityOf(GraphQLResponseJson, accept);
        var jsonQuality = QualityOf(Json, accept);
        if (responseQuality <= 0 && jsonQuality <= 0)
        {
            return null;
        }

        // A tie goes to graphql-response+json only when the client named it; a bare */* gets legacy JSON (graphql-http audit 47DE).
        var named = accept.Any(a => string.Equals(a.MediaType.Value, GraphQLResponseJson, StringComparison.OrdinalIgnoreCase));
        return responseQuality > jsonQuality || (responseQuality == jsonQuality && named) ? GraphQLResponseJson : Json;
    }

    /// <summary>
    /// The q-value of the most specific Accept entry that covers <paramref name="mediaType"/>
    /// (exact beats type/* beats */*, as RFC 9110 §12.5.1 asks), or 0 when none does.
    /// </summary>
    private static double QualityOf(string mediaType, IList<MediaTypeHeaderValue> accept)
    {
        var bestSpecificity = -1;
        var quality = 0d;
        foreach (var entry in accept)
        {
            var specificity = Specificity(mediaType, entry);
            if (specificity > bestSpecificity && AcceptsUtf8(entry))
            {
                bestSpecificity = specificity;
                quality = entry.Quality ?? 1d;
            }
        }

        return quality;
    }

    private static int Specificity(string mediaType, MediaTypeHeaderValue entry)
    {
        if (entry.MatchesAllTypes)
        {
            return 0;
        }

        if (entry.MatchesAllSubTypes)
        {
            return mediaType.StartsWith(entry.Type.Value + "/", StringComparison.OrdinalIgnoreCase) ? 1 : -1;
        }

        return string.Equals(entry.MediaType.Value, mediaType, StringComparison.OrdinalIgnoreCase) ? 2 : -1;
    }

    // We only ever write UTF-8, so an entry that asks for another charset does not cover our response.
    private static bool AcceptsUtf8(MediaTypeHeaderValue entry)
        => !entry.Charset.HasValue || string.Equals(entry.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase);
}
