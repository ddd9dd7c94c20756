namespace DataCatalog.EndToEnd.Tests;

/// <summary>SIGTERM while a harvest is in flight: the harvest is cancelled and the node stops, rather than the host
/// waiting out its 30 s shutdown timeout for a job that never ends.</summary>
public sealed class ShutdownTests : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "datacatalog-e2e", Guid.NewGuid().ToString("N"));
    private readonly string _sources = Directory.CreateTempSubdirectory("datacatalog-e2e-shutdown-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        CatalogRuns.StopLeftoverCluster(_dataFolder);
        CatalogRuns.DeleteFolder(_dataFolder);
        CatalogRuns.DeleteFolder(_sources);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_node_stopped_mid_harvest_cancels_the_harvest_records_why_and_exits_without_waiting_for_it()
    {
        await using var portal = new HangingPortal();
        string[] args = ["--Catalog:Demo=false", "--Harvest:ScheduleSyncInterval=00:00:02", $"--Sources:slow={portal.BaseUrl}"];
        await using (var catalog = CatalogProcess.Start(_dataFolder, args))
        {
            await catalog.WaitUntilReadyAsync();
            await File.WriteAllTextAsync(Path.Combine(_sources, "slow.json"), """
                { "department": { "code": "slow", "name": "대기시험과" },
                  "sources": [ { "id": "slow-portal", "kind": "ckan", "name": "느린 포털", "connection": { "config": "Sources:slow" },
                                 "schedule": "0 0 3 * * ?", "options": { "timeoutSeconds": "600" } } ] }
                """);
            var apply = await CatalogProcess.RunCliAsync("harvest", "sources", "apply", _sources, $"--Catalog:DataFolder={_dataFolder}");
            Assert.True(apply.ExitCode == 0, $"sources apply exited {apply.ExitCode}:\n{apply.Stdout}\n{apply.Stderr}");
            await portal.FirstRequest.WaitAsync(CatalogProcess.Ceiling);
            await catalog.WaitForOutputAsync("Harvest of slow-portal started");

            await catalog.StopAsync();

            Assert.DoesNotContain("gave up waiting for its running jobs", catalog.Output, StringComparison.Ordinal);
            Assert.Contains("Stopped embedded PostgreSQL", catalog.Output, StringComparison.Ordinal);
        }

        portal.Open();
        await using var again = CatalogProcess.Start(_dataFolder, args);
        await again.WaitUntilReadyAsync();
        var run = Assert.Single(await CatalogRuns.RunsAsync(again, "slow-portal"));

        Assert.Equal("FAILED", run.Status);
        Assert.Contains("cancelled", run.Error, StringComparison.Ordinal);
        Assert.NotNull(run.FinishedAt);
    }
}
