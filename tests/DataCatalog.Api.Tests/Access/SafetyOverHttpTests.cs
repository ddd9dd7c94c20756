using System.Globalization;
using System.Text.Json;
using DataCatalog.Api.Tests.Catalog;

namespace DataCatalog.Api.Tests.Access;

/// <summary>Page-size caps and paginated history lists (changes, scoreHistory, harvest runs).</summary>
public sealed class SafetyOverHttpTests(AccessApiServer server) : IClassFixture<AccessApiServer>
{
    private long Parking => server.Ids.Datasets["public.parking_lot"];

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Changes_come_a_page_at_a_time_newest_run_first()
    {
        const string query = "query($id: ID!, $first: Int, $offset: Int) { dataset(id: $id) { changes(first: $first, offset: $offset) { kind columnName } } }";
        var token = server.Token("analyst");

        var first = await server.DataAsync(query, token, new { id = Parking, first = 2, offset = 0 });
        var second = await server.DataAsync(query, token, new { id = Parking, first = 2, offset = 2 });

        Assert.Equal(["COLUMN_ADDED", "COLUMN_RETYPED"], Kinds(first));
        Assert.Equal(["DATASET_ADDED"], Kinds(second));

        static IEnumerable<string?> Kinds(JsonElement data)
            => data.GetProperty("dataset").GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Score_history_gives_the_last_scores_oldest_first_and_pages_back_with_before()
    {
        const string query = "query($id: ID!, $last: Int, $before: DateTimeOffset) { dataset(id: $id) { scoreHistory(last: $last, before: $before) { value computedAt } } }";
        var token = server.Token("analyst");

        var all = await server.DataAsync(query, token, new { id = Parking, last = 10 });
        var newest = await server.DataAsync(query, token, new { id = Parking, last = 1 });
        var older = await server.DataAsync(query, token, new { id = Parking, last = 1, before = CatalogSeed.Run2At });

        Assert.Equal([CatalogSeed.FirstScore(1), CatalogSeed.LatestScore(1)], Values(all));
        Assert.Equal([CatalogSeed.LatestScore(1)], Values(newest));
        Assert.Equal([CatalogSeed.FirstScore(1)], Values(older));

        static IEnumerable<double> Values(JsonElement data)
            => data.GetProperty("dataset").GetProperty("scoreHistory").EnumerateArray().Select(s => s.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Harvest_runs_page_back_with_before()
    {
        var runs = server.Ids.Runs["trn-db"];
        var token = server.Token("admin");

        var page1 = await server.DataAsync("""{ harvestRuns(sourceId: "trn-db", last: 2) { id } }""", token);
        var page2 = await server.DataAsync($$"""{ harvestRuns(sourceId: "trn-db", last: 2, before: "{{Id(runs[1])}}") { id } }""", token);

        Assert.Equal([Id(runs[2]), Id(runs[1])], page1.GetProperty("harvestRuns").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal([Id(runs[0])], page2.GetProperty("harvestRuns").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("{ datasets(first: 101) { totalCount } }", "'first' must be between 1 and 100; it was 101.")]
    [InlineData("{ harvestRuns(last: 1000) { id } }", "'last' must be between 1 and 100; it was 1000.")]
    [InlineData("{ datasets(first: 1) { nodes { changes(first: 500) { kind } } } }", "'first' must be between 1 and 100; it was 500.")]
    [InlineData("{ datasets(first: 1) { nodes { scoreHistory(last: 0) { value } } } }", "'last' must be between 1 and 100; it was 0.")]
    [InlineData("{ datasets(first: 1) { nodes { changes(offset: -1) { kind } } } }", "'offset' must be between 0 and 100000; it was -1.")]
    public async Task Pages_larger_than_the_cap_are_refused_with_the_limit_named(string query, string message)
    {
        var (_, body) = await server.PostAsync(query, server.Token("analyst"));

        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("extensions").GetProperty("code").GetString());
    }
}
