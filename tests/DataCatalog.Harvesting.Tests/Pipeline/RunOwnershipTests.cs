using DataCatalog.Core.Sources;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataCatalog.Harvesting.Tests.Pipeline;

/// <summary>A run belongs to the session that holds its source's run lock; another process of the catalog is played by a
/// connection of this test holding (or asking for) that lock.</summary>
public sealed class RunOwnershipTests : IDisposable
{
    // The run lock's two-key space ("HRUN") and the source's hashtext, as SourceRunLock takes it.
    private const string LockSql = "SELECT pg_advisory_lock(1213355342, hashtext(@source))";
    private readonly string _drop = Directory.CreateTempSubdirectory("datacatalog-run-lock-").FullName;

    public RunOwnershipTests() => File.WriteAllText(Path.Combine(_drop, "facilities.csv"), "id,name\n1,시립도서관\n2,문화회관\n");

    public void Dispose() => Directory.Delete(_drop, recursive: true);

    [Fact]
    public async Task A_running_run_is_closed_as_failed_only_once_no_session_holds_its_source_lock()
    {
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("alive", SourceKind.FileDrop, _drop);
        await harness.AddSourceAsync("dead", SourceKind.FileDrop, _drop);
        var started = DateTimeOffset.UtcNow.AddMinutes(-10);
        await using (var db = harness.Catalog())
        {
            db.HarvestRuns.AddRange(
                new HarvestRun { SourceId = "alive", Trigger = "schedule", Node = "node-a-1-abc", StartedAt = started, Status = HarvestStatus.Running },
                new HarvestRun { SourceId = "dead", Trigger = "schedule", Node = "node-a-2-def", StartedAt = started, Status = HarvestStatus.Running });
            await db.SaveChangesAsync();
        }

        await using var holder = await HoldLockAsync(harness.CatalogConnectionString, "alive");
        var firstPass = await harness.Runner.AbandonStaleRunsAsync(default);
        await holder.CloseAsync();
        var secondPass = await harness.Runner.AbandonStaleRunsAsync(default);

        Assert.Equal((1, 1), (firstPass, secondPass));
        await using var check = harness.Catalog();
        var runs = await check.HarvestRuns.OrderBy(r => r.SourceId).ToListAsync();
        Assert.All(runs, r => Assert.Equal(HarvestStatus.Failed, r.Status));
        Assert.All(runs, r => Assert.True(r.FinishedAt > started.AddMinutes(9), "finished when found dead, not when started"));
        Assert.All(runs, r => Assert.Contains("stopped or lost its database session", r.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_of_a_source_another_process_is_harvesting_waits_for_it_and_then_succeeds()
    {
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("busy", SourceKind.FileDrop, _drop);
        await using var holder = await HoldLockAsync(harness.CatalogConnectionString, "busy");

        var run = harness.Runner.RunAsync("busy", "cli", default);
        // Wait for the signal that the run asks for the lock (an ungranted advisory lock), not for a time.
        await using (var watcher = new NpgsqlConnection(harness.CatalogConnectionString))
        {
            await watcher.OpenAsync();
            await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = 1213355342", watcher);
            while ((long)(await waiting.ExecuteScalarAsync())! == 0)
            {
                Assert.False(run.IsCompleted, "the run finished while another session held its source's lock");
                await Task.Delay(50);
            }
        }

        await using (var db = harness.Catalog())
        {
            Assert.False(await db.HarvestRuns.AnyAsync(r => r.SourceId == "busy"));
        }

        await holder.CloseAsync();
        var finished = await run;

        Assert.Equal(HarvestStatus.Succeeded, finished.Status);
        Assert.Null(finished.Error);
    }

    private static async Task<NpgsqlConnection> HoldLockAsync(string catalog, string sourceId)
    {
        var connection = new NpgsqlConnection(catalog + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(LockSql, connection);
        command.Parameters.AddWithValue("source", sourceId);
        await command.ExecuteNonQueryAsync();
        return connection;
    }
}
