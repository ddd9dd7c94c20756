using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using DataCatalog.Testing;

namespace DataCatalog.EndToEnd.Tests.Browser;

/// <summary>The web app in headless Chromium against the real executable with the demo city. Each test runs one
/// scenario of <c>src/DataCatalog.Web/e2e/run.mjs</c> (playwright-core driving Debian's <c>/usr/bin/chromium</c>) and
/// saves screenshots under <c>artifacts/screenshots/</c>.</summary>
public sealed class BrowserTests(BrowserTests.DemoCatalog catalog, ITestOutputHelper log) : IClassFixture<BrowserTests.DemoCatalog>
{
    [Fact]
    public async Task The_host_serves_the_app_for_client_routes_with_cache_headers_and_never_for_API_paths()
    {
        await catalog.ReadyAsync();
        var client = catalog.Process.Client;
        foreach (var page in new[] { "", "search?q=x", "datasets/1", "queue", "graphql/ui" })
        {
            using var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.CacheControl?.NoCache, $"/{page} is cached");
        }

        var index = await client.GetStringAsync("");
        var asset = Regex.Match(index, "/assets/[^\"]+\\.js").Value;
        using (var script = await client.GetAsync(asset.TrimStart('/')))
        {
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", script.Headers.CacheControl?.ToString());
        }

        foreach (var path in new[] { "graphql/elsewhere", "auth/nothing", "reports/no-such-kind/x", "catalog.nothing", "healthz/x", "readyz/x", "assets/missing.js", "graphiql.html" })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"/{path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public Task The_control_tower_shows_every_department_with_its_score() => PassesAsync("tower");

    [Fact]
    public Task Searching_parking_with_the_keyboard_finds_a_dataset_that_opens() => PassesAsync("search");

    [Fact]
    public Task GraphiQL_at_graphql_ui_loads_the_schema_through_the_standard_introspection_query() => PassesAsync("graphiql");

    [Fact]
    public Task A_steward_waives_a_finding_and_the_dataset_page_and_department_score_show_it() => PassesAsync("steward-waive");

    [Fact]
    public Task An_auditor_downloads_a_report_whose_SHA256_equals_its_manifests() => PassesAsync("auditor-report");

    [Fact]
    public Task An_analyst_sees_no_personal_data_samples() => PassesAsync("analyst-no-pii");

    private async Task PassesAsync(string scenario)
    {
        await catalog.ReadyAsync();
        var (exitCode, output) = await RunScenarioAsync(scenario, catalog.Process.Client.BaseAddress!);
        Assert.True(exitCode == 0, $"Browser scenario '{scenario}' failed (exit {exitCode}):\n{output}");
        // What the scenario measured (the control tower's first screen) goes to the test log.
        log.WriteLine(output.Trim());
    }

    private static async Task<(int ExitCode, string Output)> RunScenarioAsync(string scenario, Uri baseAddress)
    {
        var web = RepositoryPaths.Combine("src", "DataCatalog.Web");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { Path.Combine("e2e", "run.mjs"), scenario, baseAddress.ToString(), RepositoryPaths.Combine("artifacts", "screenshots") })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node (Node.js 20 or newer must be on the PATH)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Browser scenario '{scenario}' did not finish within 5 minutes:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>One catalog for the class: the demo city, fully harvested once, with introspection (so GraphiQL) on.</summary>
    public sealed class DemoCatalog : IAsyncLifetime
    {
        private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "datacatalog-e2e", Guid.NewGuid().ToString("N"));
        private Task? _ready;

        public CatalogProcess Process { get; private set; } = null!;

        public Task InitializeAsync()
        {
            // Introspection on, as in development. The scenarios sign in with the demo's development tokens; the fixture's
            // own waits read anonymously, as CatalogProcess allows.
            Process = CatalogProcess.Start(_dataFolder, "--GraphQL:EnableIntrospection=true");
            return Task.CompletedTask;
        }

        /// <summary>Waits (once) until every demo source has finished its first harvest.</summary>
        public Task ReadyAsync() => _ready ??= WaitAsync();

        private async Task WaitAsync()
        {
            await Process.WaitUntilReadyAsync();
            await Process.WaitUntilAsync(async () =>
            {
                var finished = (await CatalogRuns.RunsAsync(Process)).Where(r => r.FinishedAt is not null).Select(r => r.SourceId).ToHashSet();
                return CatalogRuns.DemoSources.All(finished.Contains);
            }, "a finished first harvest of each of the five sources");
        }

        public async Task DisposeAsync()
        {
            await Process.DisposeAsync();
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // The temp folder goes with the machine.
            }
        }
    }
}
