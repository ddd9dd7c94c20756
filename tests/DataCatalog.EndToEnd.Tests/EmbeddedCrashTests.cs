using System.Net;
using DataCatalog.Persistence.Embedded;

namespace DataCatalog.EndToEnd.Tests;

/// <summary>The embedded PostgreSQL dies under a serving catalog; the catalog brings it back without a restart.</summary>
public sealed class EmbeddedCrashTests : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "datacatalog-e2e", Guid.NewGuid().ToString("N"));
    private string? _sources;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        CatalogRuns.StopLeftoverCluster(_dataFolder);
        CatalogRuns.DeleteFolder(_dataFolder);
        if (_sources is not null)
        {
            CatalogRuns.DeleteFolder(_sources);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task After_a_SIGKILL_of_the_postmaster_the_catalog_restarts_it_turns_ready_again_and_harvests()
    {
        var drop = Path.Combine(_dataFolder, "drop");
        Directory.CreateDirectory(drop);
        await File.WriteAllTextAsync(Path.Combine(drop, "facilities.csv"), "id,name\n1,시립도서관\n2,문화회관\n");
        await using var catalog = CatalogProcess.Start(_dataFolder, "--Catalog:Demo=false", "--Harvest:ScheduleSyncInterval=00:00:02", $"--Sources:drop={drop}");
        await catalog.WaitUntilReadyAsync();
        var postmaster = int.Parse((await File.ReadAllLinesAsync(Path.Combine(_dataFolder, "pgdata", "postmaster.pid")))[0]);

        CatalogProcess.Signal(postmaster, "KILL");

        await catalog.WaitForOutputAsync("is gone (its postmaster died); restarting it");
        await catalog.WaitForOutputAsync("was restarted after a crash and the catalog reconnected");
        await catalog.WaitUntilReadyAsync();
        var restarted = int.Parse((await File.ReadAllLinesAsync(Path.Combine(_dataFolder, "pgdata", "postmaster.pid")))[0]);
        Assert.NotEqual(postmaster, restarted);

        // A harvest through the restarted cluster: a new source, applied by a CLI verb, harvested by the catalog.
        _sources = Directory.CreateTempSubdirectory("datacatalog-e2e-crash-sources-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_sources, "crash.json"), """
            { "department": { "code": "crash", "name": "복구시험과" },
              "sources": [ { "id": "after-crash", "kind": "file-drop", "name": "복구 뒤 자료실", "connection": { "config": "Sources:drop" }, "schedule": "0 0 3 * * ?" } ] }
            """);
        var apply = await CatalogProcess.RunCliAsync("harvest", "sources", "apply", _sources, $"--Catalog:DataFolder={_dataFolder}");
        Assert.True(apply.ExitCode == 0, $"sources apply exited {apply.ExitCode}:\n{apply.Stdout}\n{apply.Stderr}");
        await catalog.WaitUntilAsync(async () =>
            (await CatalogRuns.RunsAsync(catalog, "after-crash")).Any(r => r.Status == "SUCCEEDED"),
            "a harvest of the new source after the restart");

        var run = Assert.Single(await CatalogRuns.RunsAsync(catalog));
        Assert.Equal(("initial", 1), (run.Trigger, (await catalog.QueryAsync("{ datasets { totalCount } }")).GetProperty("datasets").GetProperty("totalCount").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await catalog.Client.GetAsync("healthz")).StatusCode);
        Assert.Equal(1, catalog.Occurrences("Started embedded PostgreSQL"));
    }

    [Fact]
    public async Task With_a_configured_database_that_restarts_readyz_fails_while_it_is_down_healthz_answers_and_the_catalog_reconnects()
    {
        // The configured server is a cluster this test runs, so it can stop and start it under the catalog.
        var serverFolder = Path.Combine(_dataFolder, "external");
        var options = new EmbeddedPostgresOptions(serverFolder, Ephemeral: true);
        var server = await EmbeddedPostgresCluster.StartAsync(options);
        await server.EnsureDatabaseAsync("catalog");
        await using var catalog = CatalogProcess.Start(Path.Combine(_dataFolder, "unused"),
            $"--ConnectionStrings:Catalog={server.ConnectionString("catalog")}", "--Catalog:Demo=false");
        await catalog.WaitUntilReadyAsync();

        await server.StopAsync();
        await catalog.WaitUntilAsync(async () => (await catalog.Client.GetAsync("readyz")).StatusCode == HttpStatusCode.ServiceUnavailable, "/readyz to fail");
        Assert.Equal(HttpStatusCode.OK, (await catalog.Client.GetAsync("healthz")).StatusCode);
        await catalog.WaitForOutputAsync("The catalog database does not answer; reconnecting with back-off");

        await using var again = await EmbeddedPostgresCluster.StartAsync(options);
        Assert.Equal(server.Port, again.Port);
        await catalog.WaitForOutputAsync("The catalog database answers again");
        await catalog.WaitUntilReadyAsync();
        Assert.Equal(0, (await catalog.QueryAsync("{ departments { code } }")).GetProperty("departments").GetArrayLength());
    }
}
