using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DataCatalog.Api.Tests.Http;

public sealed class GraphQLHttpEndpointTests(GraphQLTestServer server) : IClassFixture<GraphQLTestServer>
{
    private const string ResponseJson = "application/graphql-response+json";
    private const string Json = "application/json";

    [Fact]
    public async Task Post_json_query_returns_data_as_graphql_response_json()
    {
        using var response = await PostAsync("""{"query":"query Greet($n: String) { hello(name: $n) }","variables":{"n":"Ada"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertContentType(response, ResponseJson);
        using var body = await ReadJsonAsync(response);
        Assert.Equal("Hello, Ada!", body.RootElement.GetProperty("data").GetProperty("hello").GetString());
        Assert.False(body.RootElement.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task Get_query_with_variables_operation_name_and_extensions_returns_data()
    {
        var url = "/graphql?query=" + Uri.EscapeDataString("query A($n: String) { hello(name: $n) } query B { boom }")
            + "&operationName=A&variables=" + Uri.EscapeDataString("""{"n":"Grace"}""")
            + "&extensions=" + Uri.EscapeDataString("{}");

        using var response = await server.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.Equal("Hello, Grace!", body.RootElement.GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task Get_mutation_is_refused_with_405_and_allow_post_and_does_not_run()
    {
        using var response = await server.Client.GetAsync(new Uri("/graphql?query=" + Uri.EscapeDataString("mutation { increment }"), UriKind.Relative));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        using var body = await ReadJsonAsync(response);
        Assert.Contains("POST", ErrorMessages(body).Single(), StringComparison.Ordinal);
        Assert.False(body.RootElement.TryGetProperty("data", out _));

        using var post = await PostAsync("""{"query":"mutation { increment }"}""");
        using var postBody = await ReadJsonAsync(post);
        Assert.Equal(1, postBody.RootElement.GetProperty("data").GetProperty("increment").GetInt32());
    }

    [Fact]
    public async Task Put_is_refused_with_405_and_allow_get_post()
    {
        using var content = JsonContent("""{"query":"{ hello }"}""");
        using var response = await server.Client.PutAsync(new Uri("/graphql", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Post_with_text_plain_body_is_415()
    {
        using var content = new StringContent("""{"query":"{ hello }"}""", Encoding.UTF8, "text/plain");
        using var response = await server.Client.PostAsync(new Uri("/graphql", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.Single(ErrorMessages(body));
    }

    [Fact]
    public async Task Post_with_json_content_type_and_explicit_utf8_charset_is_accepted()
    {
        using var content = new StringContent("""{"query":"{ hello }"}""", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        using var response = await server.Client.PostAsync(new Uri("/graphql", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("{\"query\":", "not valid JSON")]
    [InlineData("""[{"query":"{ hello }"}]""", "Batched")]
    [InlineData("\"{ hello }\"", "must be a JSON object")]
    [InlineData("""{"operationName":null}""", "'query'")]
    [InlineData("""{"query":{"text":"{ hello }"}}""", "'query'")]
    [InlineData("""{"query":"{ hello }","variables":"{}"}""", "'variables'")]
    [InlineData("""{"query":"{ hello }","variables":[1]}""", "'variables'")]
    [InlineData("""{"query":"{ hello }","operationName":7}""", "'operationName'")]
    [InlineData("""{"query":"{ hello }","extensions":"x"}""", "'extensions'")]
    public async Task Malformed_post_body_is_400_with_an_error_and_no_data(string requestBody, string expectedMessagePart)
    {
        foreach (var accept in new[] { ResponseJson, Json })
        {
            using var response = await PostAsync(requestBody, accept);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            AssertContentType(response, accept);
            using var body = await ReadJsonAsync(response);
            Assert.Contains(expectedMessagePart, ErrorMessages(body).Single(), StringComparison.Ordinal);
            Assert.False(body.RootElement.TryGetProperty("data", out _));
        }
    }

    [Theory]
    [InlineData("/graphql")]
    [InlineData("/graphql?variables=%7B%7D")]
    [InlineData("/graphql?query=%7B%20hello%20%7D&variables=%5B1%5D")]
    [InlineData("/graphql?query=%7B%20hello%20%7D&variables=%7Bnot-json")]
    public async Task Malformed_get_is_400(string url)
    {
        using var response = await server.Client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Null_variables_operation_name_and_extensions_are_allowed()
    {
        using var response = await PostAsync("""{"query":"{ hello }","variables":null,"operationName":null,"extensions":null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{ hello", ResponseJson, HttpStatusCode.BadRequest)]
    [InlineData("{ hello", Json, HttpStatusCode.OK)]
    [InlineData("{ noSuchField }", ResponseJson, HttpStatusCode.BadRequest)]
    [InlineData("{ noSuchField }", Json, HttpStatusCode.OK)]
    public async Task Document_parse_and_validation_errors_depend_on_the_negotiated_media_type(
        string query, string accept, HttpStatusCode expected)
    {
        using var response = await PostAsync(JsonSerializer.Serialize(new { query }), accept);

        Assert.Equal(expected, response.StatusCode);
        AssertContentType(response, accept);
        using var body = await ReadJsonAsync(response);
        Assert.NotEmpty(ErrorMessages(body));
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Theory]
    [InlineData(null, Json)]
    [InlineData("*/*", Json)]
    [InlineData("application/*", Json)]
    [InlineData("application/json", Json)]
    [InlineData("application/graphql-response+json, application/json;q=0.9", ResponseJson)]
    [InlineData("application/graphql-response+json;q=0.5, application/json", Json)]
    [InlineData("application/graphql-response+json;q=0, */*", Json)]
    [InlineData("text/html, application/json;q=0.1", Json)]
    public async Task Accept_header_selects_the_response_media_type(string? accept, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent("""{"query":"{ hello }"}""") };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertContentType(response, expected);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/json;q=0, text/html")]
    public async Task Accept_without_a_json_media_type_is_406(string accept)
    {
        using var response = await PostAsync("""{"query":"{ hello }"}""", accept);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Field_errors_during_execution_are_200_with_partial_data()
    {
        using var response = await PostAsync("""{"query":"{ hello boom }"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.Equal("Hello, world!", body.RootElement.GetProperty("data").GetProperty("hello").GetString());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("data").GetProperty("boom").ValueKind);
        Assert.Single(ErrorMessages(body));
    }

    [Fact]
    public async Task Unexpected_exception_is_masked_and_its_correlation_id_is_logged()
    {
        using var response = await PostAsync("""{"query":"{ boom }"}""");

        using var body = await ReadJsonAsync(response);
        var message = ErrorMessages(body).Single();
        Assert.StartsWith("Internal server error. Correlation id: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", body.RootElement.GetRawText(), StringComparison.Ordinal);
        var correlationId = message["Internal server error. Correlation id: ".Length..];
        Assert.Contains(server.Logs.Entries, entry =>
            entry.Message.Contains(correlationId, StringComparison.Ordinal)
            && entry.Exception?.Message == TestQuery.SecretMessage);
    }

    [Fact]
    public async Task Exception_details_are_shown_when_the_endpoint_exposes_them()
    {
        using var response = await PostAsync("""{"query":"{ boom }"}""", path: "/graphql-open");

        using var body = await ReadJsonAsync(response);
        Assert.Equal(TestQuery.SecretMessage, ErrorMessages(body).Single());
    }

    [Fact]
    public async Task Depth_beyond_the_limit_is_a_400_naming_the_limit()
    {
        using var tooDeep = await PostAsync(JsonSerializer.Serialize(new { query = NestedQuery(depth: 16) }));
        using var atLimit = await PostAsync(JsonSerializer.Serialize(new { query = NestedQuery(depth: 15) }));

        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.StatusCode);
        using var body = await ReadJsonAsync(tooDeep);
        Assert.Contains("maximum allowed on this endpoint is 15", ErrorMessages(body).Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
    }

    [Fact]
    public async Task Complexity_beyond_the_limit_is_a_400_naming_the_limit()
    {
        using var tooComplex = await PostAsync("""{"query":"{ parents(count: 3) { id children { name groupKey } } }"}""", path: "/graphql-strict");
        using var simple = await PostAsync("""{"query":"{ hello }"}""", path: "/graphql-strict");

        Assert.Equal(HttpStatusCode.BadRequest, tooComplex.StatusCode);
        using var body = await ReadJsonAsync(tooComplex);
        Assert.Contains("maximum allowed on this endpoint is 20", ErrorMessages(body).Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, simple.StatusCode);
    }

    [Theory]
    [InlineData(ResponseJson, HttpStatusCode.BadRequest)]
    [InlineData(Json, HttpStatusCode.OK)]
    public async Task Variable_coercion_failure_depends_on_the_negotiated_media_type(string accept, HttpStatusCode expected)
    {
        using var response = await PostAsync("""{"query":"query($n: Int!) { hello }","variables":{"n":"seven"}}""", accept);

        Assert.Equal(expected, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        Assert.Single(ErrorMessages(body));
        Assert.False(body.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Post_without_content_type_is_415()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"query":"{ hello }"}"""));
        using var response = await server.Client.PostAsync(new Uri("/graphql", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Introspection_is_off_outside_development_and_on_when_enabled()
    {
        const string Introspection = """{"query":"{ __schema { queryType { name } } }"}""";

        using var closed = await PostAsync(Introspection);
        using var open = await PostAsync(Introspection, path: "/graphql-open");

        Assert.Equal(HttpStatusCode.BadRequest, closed.StatusCode);
        using var closedBody = await ReadJsonAsync(closed);
        Assert.Contains("introspection", ErrorMessages(closedBody).Single(), StringComparison.OrdinalIgnoreCase);
        using var openBody = await ReadJsonAsync(open);
        Assert.Equal("TestQuery", openBody.RootElement.GetProperty("data").GetProperty("__schema").GetProperty("queryType").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Execution_past_the_timeout_is_cancelled_with_a_timeout_error()
    {
        var started = TimeProvider.System.GetTimestamp();
        using var response = await PostAsync("""{"query":"{ slow }"}""", path: "/graphql-short-timeout");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
        using var body = await ReadJsonAsync(response);
        Assert.NotEmpty(ErrorMessages(body));
    }

    [Fact]
    public async Task A_request_beyond_the_concurrency_limit_is_refused_at_once_with_503_and_retry_after_and_one_log_line()
    {
        var logged = server.Logs.Entries.Count;
        while (server.SlowField.Entered.Wait(0))
        {
            // Entries left by earlier tests' slow requests on other endpoints.
        }

        // The slow field holds the endpoint's only execution slot until its 5 s timeout. Nothing else is sent
        // until it has the slot, or a probe could take the slot first and the slow request be the one refused.
        var slow = PostAsync("""{"query":"{ slow }"}""", path: "/graphql-narrow");
        Assert.True(await server.SlowField.Entered.WaitAsync(TimeSpan.FromSeconds(10)), "the slow request never started executing");
        HttpResponseMessage? refused = null;
        var attempts = 0;
        while (refused is null && attempts++ < 200 && !slow.IsCompleted)
        {
            var response = await PostAsync("""{"query":"{ hello }"}""", path: "/graphql-narrow");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
                await Task.Delay(10);
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            using var body = await ReadJsonAsync(refused);
            Assert.Equal("SERVER_BUSY", body.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        }

        using (var timedOut = await slow)
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);
        }

        using var afterwards = await PostAsync("""{"query":"{ hello }"}""", path: "/graphql-narrow");
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        var refusals = server.Logs.Entries.Skip(logged).Count(e => e.Message.StartsWith("Refused GraphQL request", StringComparison.Ordinal));
        Assert.Equal(1, refusals);
    }

    private static string NestedQuery(int depth)
        => "{ " + string.Concat(Enumerable.Repeat("nested { ", depth - 1)) + "leaf" + new string('}', depth - 1).Replace("}", " }", StringComparison.Ordinal) + " }";

    private async Task<HttpResponseMessage> PostAsync(string json, string? accept = ResponseJson, string path = "/graphql")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent(json) };
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await server.Client.SendAsync(request);
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    private static string[] ErrorMessages(JsonDocument body)
        => body.RootElement.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateArray().Select(error => error.GetProperty("message").GetString()!)]
            : [];

    private static void AssertContentType(HttpResponseMessage response, string mediaType)
    {
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
    }
}
