using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Unicode;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DataCatalog.Api.Http;

/// <summary>A request the transport refuses before GraphQL sees it: the HTTP status and the reason.</summary>
public sealed record GraphQLHttpProblem(int StatusCode, string Message);

/// <summary>Either a well-formed GraphQL request or the problem that prevented reading one.</summary>
public sealed record GraphQLHttpReadResult(GraphQLRequest? Request, GraphQLHttpProblem? Problem)
{
    [MemberNotNullWhen(true, nameof(Request))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Request is not null;
}

/// <summary>Reads a GraphQL request from GET query parameters or a POST application/json body.</summary>
public static class GraphQLHttpRequestReader
{
    /// <summary>Reads the request; the caller has already rejected methods other than GET and POST.</summary>
    /// <remarks>A POST body longer than <paramref name="maxBodyBytes"/> is refused with 413 without reading the rest.</remarks>
    public static async Task<GraphQLHttpReadResult> ReadAsync(
        HttpRequest request, IGraphQLTextSerializer serializer, int maxBodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(serializer);
        return HttpMethods.IsGet(request.Method)
            ? ReadQueryString(request.Query, serializer)
            : await ReadJsonBodyAsync(request, serializer, maxBodyBytes, cancellationToken);
    }

    private static GraphQLHttpReadResult ReadQueryString(IQueryCollection query, IGraphQLTextSerializer serializer)
    {
        var text = query["query"].ToString();
        if (text.Length == 0)
        {
            return Fail(StatusCodes.Status400BadRequest, "The 'query' parameter is missing.");
        }

        if (!TryParseJsonParameter(query, "variables", out var variables, out var problem)
            || !TryParseJsonParameter(query, "extensions", out var extensions, out problem))
        {
            return new(null, problem);
        }

        var operationName = query["operationName"].ToString();
        return Build(text, operationName.Length == 0 ? null : operationName, variables, extensions, serializer);
    }

    private static bool TryParseJsonParameter(
        IQueryCollection query, string name, out JsonElement? value, [NotNullWhen(false)] out GraphQLHttpProblem? problem)
    {
        value = null;
        problem = null;
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            value = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            problem = new(StatusCodes.Status400BadRequest, $"The '{name}' parameter is not valid JSON: {ex.Message}");
            return false;
        }

        return true;
    }

    private static async Task<GraphQLHttpReadResult> ReadJsonBodyAsync(
        HttpRequest request, IGraphQLTextSerializer serializer, int maxBodyBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType.Value, GraphQLMediaTypes.Json, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "POST requests must have Content-Type application/json.");
        }

        if (contentType.Charset.HasValue
            && !string.Equals(contentType.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "Only the utf-8 charset is supported.");
        }

        if (request.ContentLength > maxBodyBytes)
        {
            return TooLarge(maxBodyBytes);
        }

        var bytes = await ReadBodyAsync(request.Body, maxBodyBytes, cancellationToken);
        if (bytes is null)
        {
            return TooLarge(maxBodyBytes);
        }

        // System.Text.Json checks UTF-8 only when a string is read, which used to surface as a 500 much later.
        if (!Utf8.IsValid(bytes.Value.Span))
        {
            var valid = ValidUtf8Prefix(bytes.Value.Span);
            return Fail(StatusCodes.Status400BadRequest, $"The request body is not valid UTF-8 (first bad byte at offset {valid}); send the JSON encoded as UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.Value);
        }
        catch (JsonException ex)
        {
            return Fail(StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            try
            {
                return ReadBody(document.RootElement, serializer);
            }
            catch (InvalidOperationException)
            {
                return LoneSurrogate();
            }
        }
    }

    private static GraphQLHttpReadResult ReadBody(JsonElement body, IGraphQLTextSerializer serializer)
    {
        if (body.ValueKind == JsonValueKind.Array)
        {
            return Fail(StatusCodes.Status400BadRequest, "Batched requests (a JSON array body) are not supported.");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Fail(StatusCodes.Status400BadRequest, "The request body must be a JSON object.");
        }

        if (!body.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String)
        {
            return Fail(StatusCodes.Status400BadRequest, "The 'query' property is missing or is not a string.");
        }

        string? operationName = null;
        if (body.TryGetProperty("operationName", out var operationNameElement))
        {
            if (operationNameElement.ValueKind == JsonValueKind.String)
            {
                operationName = operationNameElement.GetString();
            }
            else if (operationNameElement.ValueKind != JsonValueKind.Null)
            {
                return Fail(StatusCodes.Status400BadRequest, "The 'operationName' property must be a string or null.");
            }
        }

        return Build(
            query.GetString()!,
            operationName,
            body.TryGetProperty("variables", out var variables) ? variables : null,
            body.TryGetProperty("extensions", out var extensions) ? extensions : null,
            serializer);
    }

    private static GraphQLHttpReadResult Build(
        string query, string? operationName, JsonElement? variables, JsonElement? extensions, IGraphQLTextSerializer serializer)
    {
        if (!IsObjectOrNull(variables))
        {
            return Fail(StatusCodes.Status400BadRequest, "'variables' must be a JSON object or null.");
        }

        if (!IsObjectOrNull(extensions))
        {
            return Fail(StatusCodes.Status400BadRequest, "'extensions' must be a JSON object or null.");
        }

        try
        {
            return new(
                new GraphQLRequest
                {
                    Query = query,
                    OperationName = operationName,
                    Variables = ToInputs(variables, serializer),
                    Extensions = ToInputs(extensions, serializer),
                },
                null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException)
        {
            return LoneSurrogate();
        }
    }

    // "\ud800" alone is valid JSON but no character; System.Text.Json refuses to turn it into a string.
    private static GraphQLHttpReadResult LoneSurrogate() => Fail(
        StatusCodes.Status400BadRequest,
        "A JSON string holds a \\u escape that is half a character (a lone surrogate such as \\ud800); escape characters beyond U+FFFF as a surrogate pair.");

    private static bool IsObjectOrNull(JsonElement? element)
        => element is null || element.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null;

    // The serializer's own Inputs converter keeps variable values typed the way GraphQL.NET's coercion expects.
    private static Inputs? ToInputs(JsonElement? element, IGraphQLTextSerializer serializer)
        => element is { ValueKind: JsonValueKind.Object } value ? serializer.Deserialize<Inputs>(value.GetRawText()) : null;

    private static GraphQLHttpReadResult TooLarge(int maxBodyBytes) => Fail(
        StatusCodes.Status413PayloadTooLarge,
        $"The request body is larger than {maxBodyBytes} bytes (GraphQL:MaxRequestBytes); send a shorter document and pass values as variables.");

    /// <summary>The whole body, or null as soon as it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static int ValidUtf8Prefix(ReadOnlySpan<byte> bytes)
    {
        System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var valid, out _, replaceInvalidSequences: false);
        return valid;
    }

    private static GraphQLHttpReadResult Fail(int statusCode, string message) => new(null, new(statusCode, message));
}
