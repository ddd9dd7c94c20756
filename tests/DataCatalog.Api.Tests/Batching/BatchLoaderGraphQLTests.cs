using System.Net.Http.Json;
using System.Text.Json;
using DataCatalog.Api.Tests.Http;

namespace DataCatalog.Api.Tests.Batching;

public sealed class BatchLoaderGraphQLTests : IClassFixture<GraphQLTestServer>
{
    private readonly GraphQLTestServer _server;

    public BatchLoaderGraphQLTests(GraphQLTestServer server)
    {
        _server = server;
        // xunit runs the tests of one class one after another, so clearing here isolates each test's fetch count.
        _server.FetchLog.Clear();
    }

    [Fact]
    public async Task Fifty_parents_resolve_their_children_with_one_fetch()
    {
        using var body = await QueryAsync("{ parents(count: 50) { id children { groupKey name } } }");

        var parents = body.RootElement.GetProperty("data").GetProperty("parents").EnumerateArray().ToArray();
        Assert.Equal(50, parents.Length);
        foreach (var parent in parents)
        {
            var id = parent.GetProperty("id").GetInt32();
            var names = parent.GetProperty("children").EnumerateArray().Select(child => child.GetProperty("name").GetString());
            Assert.Equal([$"{id}-a", $"{id}-b"], names);
        }

        var call = Assert.Single(_server.FetchLog.Calls);
        Assert.Equal(Enumerable.Range(0, 50), call.Keys.Order());
    }

    [Fact]
    public async Task Parents_sharing_a_key_cause_that_key_to_be_fetched_once()
    {
        using var body = await QueryAsync("{ parents(count: 12, distinctKeys: 3) { groupKey children { groupKey } } }");

        foreach (var parent in body.RootElement.GetProperty("data").GetProperty("parents").EnumerateArray())
        {
            var key = parent.GetProperty("groupKey").GetInt32();
            Assert.Equal([key, key], parent.GetProperty("children").EnumerateArray().Select(child => child.GetProperty("groupKey").GetInt32()));
        }

        Assert.Equal([0, 1, 2], Assert.Single(_server.FetchLog.Calls).Keys.Order());
    }

    [Fact]
    public async Task A_failing_fetch_is_reported_on_every_parent_after_one_call()
    {
        using var body = await QueryAsync("{ parents(count: 5) { id failingChildren { name } } }");

        var paths = body.RootElement.GetProperty("errors").EnumerateArray()
            .Select(error =>
            {
                Assert.Equal("child store unavailable", error.GetProperty("message").GetString());
                return string.Join('.', error.GetProperty("path").EnumerateArray().Select(segment => segment.ToString()));
            })
            .Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"parents.{i}.failingChildren"), paths);
        Assert.Single(_server.FetchLog.Calls);
    }

    private async Task<JsonDocument> QueryAsync(string query)
    {
        using var response = await _server.Client.PostAsJsonAsync(new Uri("/graphql", UriKind.Relative), new { query });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
