namespace DataCatalog.EndToEnd.Tests;

/// <summary>Two catalog nodes on one catalog database: the first runs the embedded cluster, the second is pointed at it
/// with <c>ConnectionStrings:Catalog</c>, both under the same node name.</summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private const string SyncLogging = "--Logging:LogLevel:DataCatalog.Harvesting.Schedule=Debug";
    private const string SyncLine = "Harvest schedules synchronized with";
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "datacatalog-e2e", Guid.NewGuid().ToString("N"));
    private readonly string _sources = Directory.CreateTempSubdirectory("datacatalog-e2e-two-nodes-").FullName;
    private readonly string _drop = Directory.CreateTempSubdirectory("datacatalog-e2e-drop-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        CatalogRuns.StopLeftoverCluster(_dataFolder);
        CatalogRuns.DeleteFolder(_dataFolder);
        CatalogRuns.DeleteFolder(_sources);
        CatalogRuns.DeleteFolder(_drop);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_node_killed_mid_harvest_has_its_run_closed_and_its_job_recovered_by_the_other_and_each_new_source_is_harvested_once()
    {
        await using var portal = new HangingPortal();
        await File.WriteAllTextAsync(Path.Combine(_drop, "facilities.csv"), "id,name\n1,시립도서관\n2,문화회관\n");
        string[] nodeArgs =
        [
            "--Catalog:Demo=false", "--Harvest:NodeName=node", "--Harvest:ScheduleSyncInterval=00:00:02",
            "--Harvest:StaleRunCheckInterval=00:00:02", $"--Sources:slow={portal.BaseUrl}", $"--Sources:drop={_drop}", SyncLogging,
        ];
        await using var first = CatalogProcess.Start(_dataFolder, nodeArgs);
        await first.WaitUntilReadyAsync();
        var catalog = CatalogRuns.CatalogConnectionString(_dataFolder);
        await using var second = CatalogProcess.Start(Path.Combine(_dataFolder, "second"), [.. nodeArgs, $"--ConnectionStrings:Catalog={catalog}"]);
        await second.WaitUntilReadyAsync();

        // Five new sources reach both running nodes at once: one on the hanging portal and four file drops.
        await File.WriteAllTextAsync(Path.Combine(_sources, "cluster.json"), """
            {
              "department": { "code": "cluster", "name": "분산시험과" },
              "sources": [
                { "id": "slow-portal", "kind": "ckan", "name": "느린 포털", "connection": { "config": "Sources:slow" },
                  "schedule": "0 0 3 * * ?", "options": { "timeoutSeconds": "600" } },
                { "id": "drop-1", "kind": "file-drop", "name": "자료실 1", "connection": { "config": "Sources:drop" }, "schedule": "0 0 3 * * ?" },
                { "id": "drop-2", "kind": "file-drop", "name": "자료실 2", "connection": { "config": "Sources:drop" }, "schedule": "0 0 3 * * ?" },
                { "id": "drop-3", "kind": "file-drop", "name": "자료실 3", "connection": { "config": "Sources:drop" }, "schedule": "0 0 3 * * ?" },
                { "id": "drop-4", "kind": "file-drop", "name": "자료실 4", "connection": { "config": "Sources:drop" }, "schedule": "0 0 3 * * ?" }
              ]
            }
            """);
        var apply = await CatalogProcess.RunCliAsync("harvest", "sources", "apply", _sources, $"--ConnectionStrings:Catalog={catalog}");
        Assert.True(apply.ExitCode == 0, $"sources apply exited {apply.ExitCode}:\n{apply.Stdout}\n{apply.Stderr}");

        // The portal harvest hangs on whichever node took it; that node is killed.
        await portal.FirstRequest.WaitAsync(CatalogProcess.Ceiling);
        await first.WaitUntilAsync(() => Task.FromResult(
            first.Output.Contains("Harvest of slow-portal started", StringComparison.Ordinal)
            || second.Output.Contains("Harvest of slow-portal started", StringComparison.Ordinal)), "the node harvesting slow-portal to say so");
        var (victim, survivor) = first.Output.Contains("Harvest of slow-portal started", StringComparison.Ordinal) ? (first, second) : (second, first);
        await victim.KillAsync();
        portal.Open();

        // The survivor closes the dead node's run, recovers its job, and every file drop has run.
        await survivor.WaitUntilAsync(async () =>
        {
            var runs = await CatalogRuns.RunsAsync(survivor);
            return runs.Any(r => r.SourceId == "slow-portal" && r.Status == "FAILED")
                   && runs.Any(r => r.SourceId == "slow-portal" && r.Status == "SUCCEEDED")
                   && Enumerable.Range(1, 4).All(i => runs.Any(r => r.SourceId == $"drop-{i}" && r.Status == "SUCCEEDED"))
                   && runs.All(r => r.Status != "RUNNING");
        }, "the survivor to close the dead run and finish every harvest");

        // Two more synchronizations of the survivor after that: any second initial harvest would have been asked for.
        var synced = survivor.Occurrences(SyncLine);
        await survivor.WaitForOutputAsync(SyncLine, synced + 2);
        var history = await CatalogRuns.RunsAsync(survivor);
        Assert.All(Enumerable.Range(1, 4), i => Assert.Single(history, r => r.SourceId == $"drop-{i}"));
        var dead = Assert.Single(history, r => r.SourceId == "slow-portal" && r.Status == "FAILED");
        Assert.Contains("stopped or lost its database session", dead.Error, StringComparison.Ordinal);
        Assert.NotNull(dead.FinishedAt);
        var recovered = Assert.Single(history, r => r.SourceId == "slow-portal" && r.Status == "SUCCEEDED");
        Assert.Equal("recovery", recovered.Trigger);
        Assert.Null(recovered.Error);
        // Same name, different identities: the name is only a label.
        Assert.NotEqual(dead.Node, recovered.Node);
        Assert.StartsWith("node-", dead.Node, StringComparison.Ordinal);
        Assert.StartsWith("node-", recovered.Node, StringComparison.Ordinal);
    }
}
