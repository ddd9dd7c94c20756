using System.Globalization;
using System.Net;
using System.Text.Json;

namespace DataCatalog.Harvesting.Connectors.OpenData;

/// <summary>The outcome of fetching one JSON page: the parsed document, or why it could not be had.</summary>
/// <param name="Document">The body, parsed; also set for a 4xx whose body is JSON (a CKAN error object).</param>
/// <param name="Status">The last HTTP status seen; null when no response arrived.</param>
/// <param name="Failure">What went wrong on the last attempt, in words fit for a message.</param>
internal sealed record PortalPage(JsonDocument? Document, HttpStatusCode? Status, string? Failure, int Attempts) : IDisposable
{
    /// <summary>True when the answer arrived whole but in a format the connector does not read: asking again cannot help.</summary>
    public bool WrongFormat { get; init; }

    public void Dispose() => Document?.Dispose();
}

/// <summary>Thrown by a page reader for an answer in a format it does not read (Turtle, HTML); never retried.</summary>
internal sealed class UnreadableFormatException(string message) : Exception(message);

/// <summary>GETs JSON pages from a portal with a per-request timeout and retries for failures that are likely to pass.</summary>
internal sealed class PortalHttp(HttpClient http, OpenDataRetryPolicy retry, TimeSpan timeout)
{
    public TimeSpan Timeout => timeout;

    public Task<PortalPage> GetJsonAsync(Uri url, CancellationToken cancellationToken) =>
        GetDocumentAsync(url, null, static (body, _) => JsonDocument.Parse(body), cancellationToken);

    /// <summary>GETs a page with an <c>Accept</c> header and turns its body into a JSON document with <paramref name="read"/>.</summary>
    /// <param name="read">Reads the body given its media type; throws <see cref="UnreadableFormatException"/> for a format it
    /// does not read (not retried), or <see cref="JsonException"/> / <see cref="System.Xml.XmlException"/> for a broken body
    /// (retried, as a proxy's error page or a truncated answer often passes).</param>
    public async Task<PortalPage> GetDocumentAsync(
        Uri url, string? accept, Func<ReadOnlyMemory<byte>, string?, JsonDocument> read, CancellationToken cancellationToken)
    {
        var attempts = 0;
        while (true)
        {
            attempts++;
            var (page, transient) = await TryOnceAsync(url, accept, read, attempts, cancellationToken);
            if (!transient || attempts > retry.Delays.Count)
            {
                return page;
            }

            page.Dispose();
            await Task.Delay(retry.Delays[attempts - 1], cancellationToken);
        }
    }

    private async Task<(PortalPage Page, bool Transient)> TryOnceAsync(
        Uri url, string? accept, Func<ReadOnlyMemory<byte>, string?, JsonDocument> read, int attempt, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        HttpStatusCode? status = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            status = response.StatusCode;
            var code = (int)response.StatusCode;
            if (code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                return (new PortalPage(null, status, Describe(response), attempt), true);
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeoutSource.Token);
            if (!response.IsSuccessStatusCode)
            {
                // CKAN answers a bad request or a refused key with a JSON error object worth showing; anything else is just the status.
                try
                {
                    var errorDocument = await JsonDocument.ParseAsync(body, cancellationToken: timeoutSource.Token);
                    return (new PortalPage(errorDocument, status, Describe(response), attempt), false);
                }
                catch (JsonException)
                {
                    return (new PortalPage(null, status, Describe(response), attempt), false);
                }
            }

            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, timeoutSource.Token);
            var document = read(buffer.ToArray(), response.Content.Headers.ContentType?.MediaType);
            return (new PortalPage(document, status, null, attempt), false);
        }
        catch (UnreadableFormatException ex)
        {
            return (new PortalPage(null, status, ex.Message, attempt) { WrongFormat = true }, false);
        }
        catch (System.Xml.XmlException ex)
        {
            return (new PortalPage(null, status, $"the answer is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message})", attempt), true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return (new PortalPage(null, status, $"no complete answer within {seconds} s", attempt), true);
        }
        catch (JsonException ex)
        {
            // A proxy's HTML error page or a truncated body: often a passing fault, so it is retried like a 5xx.
            return (new PortalPage(null, status, $"the answer is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", attempt), true);
        }
        catch (HttpRequestException ex)
        {
            return (new PortalPage(null, status, $"the request failed ({ex.HttpRequestError}: {ex.Message})", attempt), true);
        }
    }

    private static string Describe(HttpResponseMessage response) =>
        $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
}
