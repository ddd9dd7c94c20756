namespace DataCatalog.Harvesting.Connectors.OpenData;

/// <summary>Turns a URL into a form safe for logs and error messages: no user info, no secret query values, no fragment.</summary>
public static class UrlRedactor
{
    /// <summary>The value written in place of a secret.</summary>
    public const string Mask = "***";

    // data.go.kr passes its key as serviceKey in the query string; other portals use the rest of these names.
    private static readonly HashSet<string> SecretParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "key", "apikey", "api_key", "api-key", "token", "access_token", "servicekey", "password", "secret", "client_secret",
    };

    public static string Redact(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            var text = uri.OriginalString;
            var queryStart = text.IndexOf('?', StringComparison.Ordinal);
            return queryStart < 0 ? text : text[..queryStart] + RedactQuery(text[queryStart..]);
        }

        return $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}{RedactQuery(uri.Query)}";
    }

    /// <summary>Redacts a URL given as text; text that is not a URL is not echoed, since it may be a secret itself.</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Redact(uri) : "(not a valid absolute URL)";

    private static string RedactQuery(string query)
    {
        if (query.Length <= 1)
        {
            return string.Empty;
        }

        var parts = query[1..].Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var separator = parts[i].IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? parts[i] : parts[i][..separator];
            if (separator >= 0 && SecretParameters.Contains(Uri.UnescapeDataString(name)))
            {
                parts[i] = name + "=" + Mask;
            }
        }

        return "?" + string.Join('&', parts);
    }
}
