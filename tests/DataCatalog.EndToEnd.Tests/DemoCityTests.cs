using System.Net;
using System.Text.Json;

namespace DataCatalog.EndToEnd.Tests;

/// <summary>The catalog as a newcomer runs it: no connection string, so its own PostgreSQL and the demo city.</summary>
public sealed class DemoCityTests : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "datacatalog-e2e", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder goes with the machine.
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_fresh_catalog_harvests_the_demo_city_then_keeps_it_across_a_restart_without_harvesting_twice()
    {
        int datasets;
        int runs;
        await using (var catalog = CatalogProcess.Start(_dataFolder))
        {
            await catalog.WaitUntilHealthyAsync();
            // The demo has 11 datasets over 5 sources; the first harvests start at once.
            await catalog.WaitUntilAsync(async () =>
            {
                var finished = (await CatalogRuns.RunsAsync(catalog)).Where(r => r.FinishedAt is not null).Select(r => r.SourceId).ToHashSet();
                return CatalogRuns.DemoSources.All(finished.Contains);
            }, "a finished first harvest of each of the five sources");

            var page = await catalog.QueryAsync("""
                { datasets(first: 5) { totalCount pageInfo { hasNextPage endCursor }
                    nodes { qualifiedName latestScore columns { name profile { rows } } scores { dimension value } } } }
                """);
            var connection = page.GetProperty("datasets");
            datasets = connection.GetProperty("totalCount").GetInt32();
            Assert.Equal(11, datasets);
            Assert.True(connection.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
            var nodes = connection.GetProperty("nodes").EnumerateArray().ToList();
            Assert.Equal(5, nodes.Count);
            var table = nodes.First(n => n.GetProperty("columns").GetArrayLength() > 0 && n.GetProperty("latestScore").ValueKind == JsonValueKind.Number);
            Assert.All(table.GetProperty("columns").EnumerateArray(), c => Assert.True(c.GetProperty("profile").GetProperty("rows").GetInt64() > 0));
            Assert.Contains(table.GetProperty("scores").EnumerateArray(), s => s.GetProperty("dimension").GetString() == "COMPLETENESS");

            var departments = await catalog.QueryAsync("{ departments { code datasetCount averageScore } }");
            Assert.Equal(["culture", "data-policy", "safety", "transport", "welfare"],
                departments.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("code").GetString()));
            Assert.All(departments.GetProperty("departments").EnumerateArray(), d => Assert.True(d.GetProperty("datasetCount").GetInt32() > 0));

            var search = await catalog.QueryAsync("""{ datasets(search: "주차") { nodes { qualifiedName } } }""");
            Assert.Contains(search.GetProperty("datasets").GetProperty("nodes").EnumerateArray(), n => n.GetProperty("qualifiedName").GetString() == "public.parking_lot");

            runs = (await catalog.QueryAsync("{ harvestRuns(last: 100) { id } }")).GetProperty("harvestRuns").GetArrayLength();
            await catalog.StopAsync();
        }

        await using (var again = CatalogProcess.Start(_dataFolder))
        {
            await again.WaitUntilHealthyAsync();
            var page = await again.QueryAsync("{ datasets { totalCount } }");

            Assert.Equal(datasets, page.GetProperty("datasets").GetProperty("totalCount").GetInt32());
            var history = await CatalogRuns.RunsAsync(again);
            // A source's first harvest happens once: a cron firing that came first makes the initial one stand down.
            Assert.All(history.Where(r => r.Trigger == "initial").GroupBy(r => r.SourceId), g => Assert.Single(g));
            Assert.Equal(CatalogRuns.DemoSources, history.Select(r => r.SourceId).Distinct().Order());
            Assert.DoesNotContain(history, r => r.Trigger == "recovery");
            Assert.True(history.Count >= runs);
            Assert.Contains("Started embedded PostgreSQL", again.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Demo database demo_transport of the transport department created", again.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_graphql_endpoint_speaks_graphql_over_http()
    {
        await using var catalog = CatalogProcess.Start(_dataFolder, "--Catalog:Demo=false");
        await catalog.WaitUntilHealthyAsync();

        using var get = await catalog.Client.GetAsync("graphql?query=" + Uri.EscapeDataString("{ departments { code } }"));
        using var badRequest = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = new StringContent("{ departments", System.Text.Encoding.UTF8, "application/json") };
        badRequest.Headers.Accept.ParseAdd("application/graphql-response+json");
        using var bad = await catalog.Client.SendAsync(badRequest);
        using var health = await catalog.Client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
