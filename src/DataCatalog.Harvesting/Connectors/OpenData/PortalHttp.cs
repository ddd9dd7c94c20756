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
    public void Dispose() => Document?.Dispose();
}

/// <summary>GETs JSON pages from a portal with a per-request timeout and retries for failures that are likely to pass.</summary>
internal sealed class PortalHttp(HttpClient http, OpenDataRetryPolicy retry, TimeSpan timeout)
{
    public TimeSpan Timeout => timeout;

    public async Task<PortalPage> GetJsonAsync(Uri url, CancellationToken cancellationToken)
    {
        var attempts = 0;
        while (true)
        {
            attempts++;
            var (page, transient) = await TryOnceAsync(url, attempts, cancellationToken);
            if (!transient || attempts > retry.Delays.Count)
            {
                return page;
            }

            page.Dispose();
            await Task.Delay(retry.Delays[attempts - 1], cancellationToken);
        }
    }

    /// <summary>Opens a download with the same timeout; the caller owns and disposes the response.</summary>
    public async Task<HttpResponseMessage> GetStreamAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        return await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
    }

    private async Task<(PortalPage Page, bool Transient)> TryOnceAsync(Uri url, int attempt, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        HttpStatusCode? status = null;
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
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

            var document = await JsonDocument.ParseAsync(body, cancellationToken: timeoutSource.Token);
            return (new PortalPage(document, status, null, attempt), false);
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
