using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit.Abstractions;

namespace DataCatalog.EndToEnd.Tests;

/// <summary>
/// A flood of GraphQL requests against the real executable on loopback, with a file-drop source scheduled every
/// two seconds: the flood is refused or served within the timeout, liveness stays up, and harvests go on.
/// </summary>
public sealed class GraphQLUnderLoadTests(ITestOutputHelper testOutput) : IAsyncLifetime
{
    private static readonly TimeSpan FloodLength = TimeSpan.FromSeconds(6);

    // Not CreateTempSubdirectory: its mode 700 would keep the embedded cluster's postgres user out when run as root.
    private readonly string _root = Path.Combine(Path.GetTempPath(), "datacatalog-e2e", "load-" + Guid.NewGuid().ToString("N"));

    private string DataFolder => Path.Combine(_root, "catalog");

    private string DropFolder => Path.Combine(_root, "drop");

    private string SourcesFolder => Path.Combine(_root, "sources");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DropFolder);
        Directory.CreateDirectory(SourcesFolder);
        await File.WriteAllTextAsync(Path.Combine(DropFolder, "parking.csv"), "id,name,spaces\n1,시청 주차장,120\n2,역 주차장,80\n3,공원 주차장,45\n");
        await File.WriteAllTextAsync(Path.Combine(SourcesFolder, "load.json"), """
            {
              "department": { "code": "load", "name": "부하시험과" },
              "sources": [
                {
                  "id": "load-drop", "kind": "file-drop", "name": "부하 시험 자료실",
                  "connection": { "config": "Sources:LoadTest:Drop" },
                  "schedule": "0/2 * * * * ?", "timeZone": "Asia/Seoul"
                }
              ]
            }
            """);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder goes with the machine.
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Twenty_concurrent_alias_floods_are_refused_or_served_in_time_while_healthz_stays_up_and_a_harvest_succeeds()
    {
        var (exitCode, output) = await RunCliAsync("harvest", "sources", "apply", SourcesFolder, $"--Catalog:DataFolder={DataFolder}", "--Catalog:Demo=false");
        Assert.True(exitCode == 0, output);

        await using var catalog = CatalogProcess.Start(DataFolder, "--Catalog:Demo=false", $"--Sources:LoadTest:Drop={DropFolder}");
        await catalog.WaitUntilHealthyAsync();
        await catalog.WaitUntilAsync(
            async () => (await RunsAsync(catalog)).Any(r => r.Status == "SUCCEEDED"), "the first harvest of load-drop", TimeSpan.FromSeconds(120));

        var aliasFlood = Document(1000, "datasets(first: 1) { totalCount }");
        var heaviestAllowed = Document(30, "datasets(first: 10) { totalCount facets { departments { value count } kinds { value count } } nodes { qualifiedName } }");
        var results = new ConcurrentBag<(string Kind, HttpStatusCode Status, TimeSpan Elapsed, string? Code)>();
        var health = new ConcurrentBag<HttpStatusCode>();
        var logBefore = catalog.Output.Length;
        var floodStart = DateTimeOffset.UtcNow;
        using var flood = new CancellationTokenSource(FloodLength);
        using var client = new HttpClient { BaseAddress = catalog.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        var workers = Enumerable.Range(0, 20).Select(_ => FloodAsync(client, "alias flood", aliasFlood, results, flood.Token))
            .Concat(Enumerable.Range(0, 20).Select(_ => FloodAsync(client, "30 heavy root fields", heaviestAllowed, results, flood.Token)))
            .Append(PollHealthAsync(client, health, flood.Token))
            .ToList();
        await Task.WhenAll(workers);
        var floodEnd = DateTimeOffset.UtcNow;
        var floodLog = catalog.Output[logBefore..];

        // A harvest scheduled inside the flood window, waited for after it (bounded by what it waits for).
        await catalog.WaitUntilAsync(
            async () => (await RunsAsync(catalog)).Any(r => r.StartedAt >= floodStart && r.StartedAt <= floodEnd && r.Status != "RUNNING"),
            "a harvest started during the flood to finish", TimeSpan.FromSeconds(120));
        var duringFlood = (await RunsAsync(catalog)).Where(r => r.StartedAt >= floodStart && r.StartedAt <= floodEnd && r.Status != "RUNNING").ToList();

        var aliasResults = results.Where(r => r.Kind == "alias flood").ToList();
        var heavyResults = results.Where(r => r.Kind == "30 heavy root fields").ToList();
        testOutput.WriteLine(
            $"{aliasResults.Count} alias floods (slowest {aliasResults.Max(r => r.Elapsed).TotalMilliseconds:0} ms); " +
            $"{heavyResults.Count(r => r.Status == HttpStatusCode.OK)} heavy served, {heavyResults.Count(r => r.Status == HttpStatusCode.ServiceUnavailable)} refused " +
            $"(slowest {heavyResults.Max(r => r.Elapsed).TotalMilliseconds:0} ms); {health.Count} /healthz polls; " +
            $"{duringFlood.Count} harvests started in the flood; {floodLog.Length} characters of log");
        Assert.True(aliasResults.Count >= 20, $"{aliasResults.Count} alias floods sent");
        Assert.All(aliasResults, r => Assert.Equal((HttpStatusCode.BadRequest, "TOO_MANY_ALIASES"), (r.Status, r.Code)));
        Assert.True(heavyResults.Count >= 20, $"{heavyResults.Count} heavy requests sent");
        Assert.All(heavyResults, r => Assert.Contains(r.Status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(heavyResults, r => r.Status == HttpStatusCode.OK);
        // Served or refused within the 30 s execution timeout (the queue wait counts against it), with a margin for the response.
        Assert.All(results, r => Assert.True(r.Elapsed < TimeSpan.FromSeconds(35), $"{r.Kind} took {r.Elapsed}"));
        Assert.NotEmpty(health);
        Assert.All(health, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.NotEmpty(duringFlood);
        Assert.All(duringFlood, r => Assert.Equal("SUCCEEDED", r.Status));
        // One entry per refused request at most (the console writes an entry as a category line and a message line),
        // and no stack traces: the flood once wrote 16 MB. The 50 spare entries are the harvests' own.
        var entries = floodLog.Split('\n').Count(line => line.Length > 5 && line[4] == ':' && line[..4] is "info" or "warn" or "fail" or "crit");
        Assert.True(entries <= results.Count + 50, $"{entries} log entries for {results.Count} requests");
        Assert.True(floodLog.Length <= (results.Count + 50) * 400, $"{floodLog.Length} characters of log for {results.Count} requests");
        Assert.DoesNotContain("Failed to obtain DB connection", floodLog, StringComparison.Ordinal);
    }

    private static string Document(int aliases, string field) =>
        "{ " + string.Join(" ", Enumerable.Range(1, aliases).Select(i => $"a{i}: {field}")) + " }";

    private static async Task FloodAsync(
        HttpClient client, string kind, string query, ConcurrentBag<(string, HttpStatusCode, TimeSpan, string?)> results, CancellationToken stop)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { query });
        while (!stop.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Accept.ParseAdd("application/graphql-response+json");
            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, CancellationToken.None);
            var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started);
            string? code = null;
            using (var json = JsonDocument.Parse(text))
            {
                if (json.RootElement.TryGetProperty("errors", out var errors)
                    && errors[0].TryGetProperty("extensions", out var extensions)
                    && extensions.TryGetProperty("code", out var codeElement))
                {
                    code = codeElement.GetString();
                }
            }

            results.Add((kind, response.StatusCode, elapsed, code));
        }
    }

    private static async Task PollHealthAsync(HttpClient client, ConcurrentBag<HttpStatusCode> statuses, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("healthz", CancellationToken.None);
                statuses.Add(response.StatusCode);
            }
            catch (TaskCanceledException)
            {
                statuses.Add(HttpStatusCode.RequestTimeout);
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private sealed record Run(string Status, DateTimeOffset StartedAt);

    private static async Task<List<Run>> RunsAsync(CatalogProcess catalog)
    {
        var data = await catalog.QueryAsync("""{ harvestRuns(sourceId: "load-drop", last: 100) { status startedAt } }""");
        return [.. data.GetProperty("harvestRuns").EnumerateArray()
            .Select(r => new Run(r.GetProperty("status").GetString()!, r.GetProperty("startedAt").GetDateTimeOffset()))];
    }

    private static async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        var (exitCode, stdout, stderr) = await CatalogProcess.RunCliAsync(args);
        return (exitCode, stdout + stderr);
    }
}
