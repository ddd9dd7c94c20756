namespace DataCatalog.EndToEnd.Tests;

/// <summary>CLI verbs and a serving catalog on one embedded cluster: whoever started it, the server owns it, nobody
/// stops it under the other, and the demo sources' credentials hold for both.</summary>
public sealed class CliBesideServerTests : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "datacatalog-e2e", Guid.NewGuid().ToString("N"));
    private readonly List<string> _sourceFolders = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        CatalogRuns.StopLeftoverCluster(_dataFolder);
        CatalogRuns.DeleteFolder(_dataFolder);
        _sourceFolders.ForEach(CatalogRuns.DeleteFolder);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_server_started_under_a_cli_harvest_takes_the_cluster_over_and_keeps_harvesting_every_demo_source_after_more_cli_verbs()
    {
        // A CLI verb starts the cluster on a fresh folder; the server starts while it still runs.
        await using var cli = CatalogProcess.StartCli(_dataFolder, "harvest", "--all");
        await cli.WaitForOutputAsync("Started embedded PostgreSQL");
        await using var server = CatalogProcess.Start(_dataFolder, "--Harvest:ScheduleSyncInterval=00:00:02");

        var cliExit = await cli.WaitForExitAsync();
        Assert.True(cliExit == 0, $"harvest --all exited {cliExit}:\n{cli.Output}");
        Assert.Contains("5 of 5 sources harvested without failure", cli.Output, StringComparison.Ordinal);
        await server.WaitUntilReadyAsync();
        Assert.Contains("Taking over the embedded PostgreSQL", server.Output, StringComparison.Ordinal);
        Assert.Contains("Leaving the embedded PostgreSQL running for server process", cli.Output, StringComparison.Ordinal);
        Assert.StartsWith($"{server.ProcessId} server ", await File.ReadAllTextAsync(Path.Combine(_dataFolder, "owner")), StringComparison.Ordinal);

        // More CLI verbs beside the serving catalog: every demo source every 5 seconds, and one harvest by hand.
        var sources = CatalogRuns.DemoSourceFiles("0/5 * * * * ?");
        _sourceFolders.Add(sources);
        var apply = await CatalogProcess.RunCliAsync("harvest", "sources", "apply", sources, $"--Catalog:DataFolder={_dataFolder}");
        Assert.True(apply.ExitCode == 0, $"sources apply exited {apply.ExitCode}:\n{apply.Stdout}\n{apply.Stderr}");
        var run = await CatalogProcess.RunCliAsync("harvest", "run", "--source", "welfare-db", $"--Catalog:DataFolder={_dataFolder}");
        Assert.True(run.ExitCode == 0, $"harvest run exited {run.ExitCode}:\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("welfare-db: succeeded", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Using the embedded PostgreSQL of running server process", run.Stdout, StringComparison.Ordinal);
        var afterCli = DateTimeOffset.UtcNow;

        // The server's next scheduled harvest of every demo source succeeds: the cluster and the reader's password held.
        await server.WaitUntilAsync(async () =>
        {
            var runs = await CatalogRuns.RunsAsync(server);
            return CatalogRuns.DemoSources.All(id => runs.Any(r => r.SourceId == id && r.Trigger == "schedule" && r.Status == "SUCCEEDED" && r.StartedAt > afterCli));
        }, "a scheduled harvest of every demo source after the CLI verbs");

        var history = await CatalogRuns.RunsAsync(server);
        Assert.DoesNotContain(history, r => r.Status == "FAILED");
        Assert.DoesNotContain(history, r => r.Status is "SUCCEEDED" or "PARTIAL" && r.Error is not null);
        // Five runs of harvest --all and one of harvest run, each by its own process.
        Assert.Equal(6, history.Count(r => r.Trigger == "cli"));
        Assert.DoesNotContain("28P01", server.Output, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.Client.GetAsync("readyz")).StatusCode);
    }
}
