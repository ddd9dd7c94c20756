using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DataCatalog.Testing;
using Npgsql;

namespace DataCatalog.Api.Tests.Catalog;

/// <summary>Bad bytes, bad arguments and floods of aliases, sent as a hostile client would, against the real schema.</summary>
public sealed class HostileRequestTests(CatalogApiServer server) : IClassFixture<CatalogApiServer>
{
    private const string ResponseJson = "application/graphql-response+json";

    /// <summary>One hostile request and what it must get: a status and, when GraphQL answers, an error code and message.</summary>
    public sealed record Hostile(byte[] Body, HttpStatusCode Status, string? Code, string? Message, string Method = "POST");

    private static readonly string DeepDocument = string.Concat(Enumerable.Repeat("{ a ", 5000)) + new string('}', 5000);

    private static readonly string HugeCursor = new('Q', 400_000);

    public static readonly IReadOnlyDictionary<string, Hostile> Corpus = new Dictionary<string, Hostile>(StringComparer.Ordinal)
    {
        ["invalid UTF-8 in the body"] = new(
            [.. Encoding.UTF8.GetBytes("""{"query":"query($s: String) { datasets(search: $s) { totalCount } }","variables":{"s":"주"""), 0xFF, 0xFE, .. "\"}}"u8],
            HttpStatusCode.BadRequest, null, "The request body is not valid UTF-8 (first bad byte at offset 90); send the JSON encoded as UTF-8."),
        ["NUL in a department"] = new(
            Json("query($d: String) { datasets(department: $d) { totalCount } }", new { d = "transport\0" }),
            HttpStatusCode.OK, "INVALID_ARGUMENT", "'department' must be an identifier of at most 200 printable characters; it was 'transport\uFFFD'."),
        ["a lone surrogate in a variable"] = new(
            Encoding.UTF8.GetBytes("""{"query":"query($s: String) { harvestRuns(sourceId: $s) { id } }","variables":{"s":"a\ud800b"}}"""),
            HttpStatusCode.BadRequest, null,
            "A JSON string holds a \\u escape that is half a character (a lone surrogate such as \\ud800); escape characters beyond U+FFFF as a surrogate pair."),
        ["a dataset id that is not a number"] = new(
            Json("""{ dataset(id: "garbage") { id } }"""),
            HttpStatusCode.OK, "INVALID_ARGUMENT", "'id' must be an id this catalog issued (digits, at most 19); it was 'garbage'."),
        ["a dataset id past 64 bits"] = new(
            Json("""{ dataset(id: "99999999999999999999") { id } }"""),
            HttpStatusCode.OK, "INVALID_ARGUMENT", "'id' must be an id this catalog issued (digits, at most 19); it was '99999999999999999999'."),
        ["a subscription on a schema without subscriptions"] = new(
            Json("subscription { __typename }"),
            HttpStatusCode.BadRequest, "OPERATION_NOT_SUPPORTED", "This catalog has no subscriptions: the schema has no subscription type. Send a query."),
        ["a mutation over GET"] = new(
            [], HttpStatusCode.MethodNotAllowed, "HTTP_GET_NOT_ALLOWED", "Only query operations can be sent with GET; send this mutation with POST.", "GET /graphql?query=mutation%20%7B%20__typename%20%7D"),
        ["a document 5,000 levels deep"] = new(
            Json(DeepDocument),
            HttpStatusCode.BadRequest, "DOCUMENT_TOO_DEEP", "The document nests deeper than the parser follows (128 syntax levels); fields may nest at most 15 deep (GraphQL:MaxDepth)."),
        ["harvestRuns(last: -5)"] = new(
            Json("{ harvestRuns(last: -5) { id } }"),
            HttpStatusCode.OK, "INVALID_ARGUMENT", "'last' must be between 1 and 100; it was -5."),
        ["datasets(first: -1)"] = new(
            Json("{ datasets(first: -1) { totalCount } }"),
            HttpStatusCode.OK, "INVALID_ARGUMENT", "'first' must be between 1 and 100; it was -1."),
        ["a 400 KB cursor"] = new(
            Json("query($c: String) { datasets(after: $c) { totalCount } }", new { c = HugeCursor }),
            HttpStatusCode.OK, "INVALID_ARGUMENT",
            "'after' is not a cursor this catalog issued: 'QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ…'. Pass a pageInfo.endCursor from an earlier page."),
        ["1,000 aliases of a connection"] = new(
            Json(Aliases(1000, "datasets(first: 1) { totalCount }")),
            HttpStatusCode.BadRequest, "TOO_MANY_ALIASES",
            "The document has 1000 aliases; at most 200 are allowed (GraphQL:MaxAliases). Split it into several requests."),
        ["31 root fields"] = new(
            Json(Aliases(31, "departments { code }")),
            HttpStatusCode.BadRequest, "TOO_MANY_ROOT_FIELDS",
            "An operation selects 31 root fields; at most 30 are allowed (GraphQL:MaxRootFields). Split it into several requests."),
        ["introspection nesting fields four times"] = new(
            Json("{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }"),
            HttpStatusCode.BadRequest, "INTROSPECTION_TOO_DEEP",
            "Introspection nests 'fields', 'inputFields', 'interfaces' or 'possibleTypes' more than 3 times; ask for one type at a time with __type(name: ...)."),
        ["a 2 MB body"] = new(
            Json("{ departments { code } }", new { padding = new string(' ', 2 * 1024 * 1024) }),
            HttpStatusCode.RequestEntityTooLarge, null,
            "The request body is larger than 1048576 bytes (GraphQL:MaxRequestBytes); send a shorter document and pass values as variables."),
    };

    public static TheoryData<string> CorpusNames => [.. Corpus.Keys];

    [Theory]
    [MemberData(nameof(CorpusNames))]
    public async Task A_hostile_request_gets_a_4xx_or_a_coded_error_naming_its_mistake(string name)
    {
        var hostile = Corpus[name];

        var (status, body) = await SendAsync(hostile);

        Assert.Equal(hostile.Status, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(hostile.Message, error.GetProperty("message").GetString());
        if (hostile.Code is not null)
        {
            Assert.Equal(hostile.Code, error.GetProperty("extensions").GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task The_whole_corpus_gets_no_5xx_and_leaves_at_most_a_short_line_per_request_in_the_log()
    {
        var logged = server.Logs.Entries.Count;
        var bodyBytes = 0L;
        foreach (var hostile in Corpus.Values)
        {
            var (status, _) = await SendAsync(hostile);
            Assert.True((int)status < 500, $"HTTP {(int)status}");
            bodyBytes += hostile.Body.Length;
        }

        var entries = server.Logs.Entries.Skip(logged).ToList();
        Assert.True(bodyBytes > 2_400_000, "the corpus sends megabytes, so a log that echoed it would show");
        Assert.True(entries.Count <= Corpus.Count, $"{entries.Count} log entries for {Corpus.Count} requests");
        Assert.All(entries, e => Assert.InRange(e.Message.Length, 1, 499));
        Assert.All(entries, e => Assert.Null(e.Exception));
    }

    [Fact]
    public async Task A_nul_in_a_search_is_read_as_a_space_instead_of_failing_in_postgresql()
    {
        const string Query = "query($s: String) { datasets(search: $s) { totalCount nodes { qualifiedName } } }";

        var withNul = await server.DataAsync(Query, new { s = "주차\0" });
        var without = await server.DataAsync(Query, new { s = "주차" });

        Assert.Equal(without.GetRawText(), withNul.GetRawText());
        Assert.True(without.GetProperty("datasets").GetProperty("totalCount").GetInt32() > 0);
    }

    [Fact]
    public async Task The_standard_introspection_query_returns_the_schema_when_introspection_is_on()
    {
        // Priced at 634,324 by the default costs, over the limit of 20,000; 6,963 with introspection costed cheaply.
        var (status, body) = await SendAsync(new Hostile(Json(StandardIntrospectionQuery()), HttpStatusCode.OK, null, null));

        Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
        Assert.Equal(HttpStatusCode.OK, status);
        var data = body.GetProperty("data");

        var schema = data.GetProperty("__schema");
        Assert.Equal("Query", schema.GetProperty("queryType").GetProperty("name").GetString());
        Assert.Equal("Mutation", schema.GetProperty("mutationType").GetProperty("name").GetString());
        var types = schema.GetProperty("types").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("Dataset", types);
        Assert.Contains("DatasetConnection", types);
        Assert.Contains("__Schema", types);
        var dataset = schema.GetProperty("types").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Dataset");
        Assert.Contains("columns", dataset.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task The_standard_introspection_query_is_refused_when_introspection_is_off()
    {
        var (status, body) = await SendAsync(new Hostile(Json(StandardIntrospectionQuery()), HttpStatusCode.BadRequest, null, null), "/graphql-closed");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(body.TryGetProperty("data", out _));
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("NO_INTROSPECTION", error.GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Thirty_connections_with_total_count_and_facets_run_five_statements_each()
    {
        server.Commands.Reset();

        var data = await server.DataAsync(Aliases(30, "datasets(first: 1) { totalCount facets { kinds { value count } } }"));

        Assert.Equal(30, data.EnumerateObject().Count());
        Assert.All(data.EnumerateObject(), alias => Assert.Equal(CatalogSeed.ActiveDatasets, alias.Value.GetProperty("totalCount").GetInt32()));
        Assert.Equal(30 * 5, server.Commands.Count);
    }

    [Fact]
    public async Task A_connection_costs_its_two_statements_in_the_complexity_score_not_one_point()
    {
        // /graphql-cheap allows a complexity of 1,000: datasets costs 2 statements at 100 each, totalCount 1 more.
        var (fourStatus, four) = await SendAsync(new Hostile(Json(Aliases(4, "datasets(first: 1) { totalCount }")), HttpStatusCode.OK, null, null), "/graphql-cheap");
        var (fiveStatus, five) = await SendAsync(new Hostile(Json(Aliases(5, "datasets(first: 1) { totalCount }")), HttpStatusCode.OK, null, null), "/graphql-cheap");

        Assert.Equal(HttpStatusCode.OK, fourStatus);
        Assert.Equal(4, four.GetProperty("data").EnumerateObject().Count());
        Assert.Equal(HttpStatusCode.BadRequest, fiveStatus);
        Assert.Equal(
            "Query is too complex to execute. Complexity is 1005; maximum allowed on this endpoint is 1000.",
            Assert.Single(five.GetProperty("errors").EnumerateArray()).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_request_past_its_timeout_stops_its_sql_instead_of_leaving_it_waiting_in_postgresql()
    {
        await using var locker = new NpgsqlConnection(server.ConnectionString);
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE datasets IN ACCESS EXCLUSIVE MODE", locker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var (status, body) = await SendAsync(new Hostile(Json("{ datasets(first: 1) { totalCount } }"), HttpStatusCode.GatewayTimeout, null, null), "/graphql-short");

        Assert.Equal(HttpStatusCode.GatewayTimeout, status);
        Assert.Equal("TIMEOUT", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        // Npgsql cancels the statement on the server when the token fires; the cancel request is asynchronous,
        // so the check waits for it (bounded), while the lock that blocks the statement is still held.
        var waiting = await WaitForAsync(() => ApiStatementsWaitingAsync(locker, transaction), 0, TimeSpan.FromSeconds(20));
        Assert.Equal(0, waiting);
    }

    private static async Task<int> WaitForAsync(Func<Task<int>> probe, int expected, TimeSpan ceiling)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(ceiling.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var value = await probe();
        while (value != expected && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(100);
            value = await probe();
        }

        return value;
    }

    private static async Task<int> ApiStatementsWaitingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*)::int FROM pg_stat_activity WHERE application_name = 'datacatalog-api' AND state = 'active'", connection, transaction);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    internal static string StandardIntrospectionQuery() =>
        File.ReadAllText(RepositoryPaths.Combine("tests", "DataCatalog.Api.Tests", "Catalog", "IntrospectionQuery.graphql"));

    internal static string Aliases(int count, string field) =>
        "{ " + string.Join(" ", Enumerable.Range(1, count).Select(i => $"a{i}: {field}")) + " }";

    private static byte[] Json(string query, object? variables = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new { query, variables });

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(Hostile hostile, string path = "/graphql")
    {
        using var request = hostile.Method.StartsWith("GET ", StringComparison.Ordinal)
            ? new HttpRequestMessage(HttpMethod.Get, hostile.Method[4..])
            : new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(hostile.Body) };
        if (request.Content is not null)
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.Accept.ParseAdd(ResponseJson);
        using var response = await server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
