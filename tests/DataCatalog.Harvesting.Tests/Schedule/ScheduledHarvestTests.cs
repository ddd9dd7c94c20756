using DataCatalog.Core.Sources;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;
using Npgsql;
using Quartz;

namespace DataCatalog.Harvesting.Tests.Schedule;

/// <summary>The scheduler running for real: harvests of a small drop folder fired by Quartz from the catalog's job store.</summary>
[Collection(SchedulerCollection.Name)]
public sealed class ScheduledHarvestTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _drop = Directory.CreateTempSubdirectory("datacatalog-schedule-").FullName;
    private string _catalog = "";

    public async Task InitializeAsync()
    {
        _catalog = await TestPostgres.CreateCatalogDatabaseAsync();
        await File.WriteAllTextAsync(Path.Combine(_drop, "stops.csv"), "stop_id,name\n1,시청\n2,광화문\n3,종로\n");
    }

    private async Task SetNextFireTimeAsync(TriggerKey key, DateTimeOffset next)
    {
        await using var connection = new NpgsqlConnection(_catalog);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand(
            "UPDATE qrtz_triggers SET next_fire_time = @next WHERE trigger_name = @name AND trigger_group = @group", connection);
        update.Parameters.AddWithValue("next", next.UtcTicks);
        update.Parameters.AddWithValue("name", key.Name);
        update.Parameters.AddWithValue("group", key.Group);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_drop, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_never_harvested_source_is_harvested_once_at_start_and_not_again_at_the_next_synchronization()
    {
        await using var harness = await SchedulingHarness.CreateAsync(_catalog);
        await harness.AddSourceAsync("stops-drop", SourceKind.FileDrop, _drop);
        await harness.AddSourceAsync("known-drop", SourceKind.FileDrop, _drop);
        await harness.RecordPastRunAsync("known-drop");

        await harness.StartAsync();
        await harness.SynchronizeAsync();
        await SchedulingHarness.WaitUntilAsync(
            async () => (await harness.RunsAsync("stops-drop")).Any(r => r.FinishedAt is not null),
            Patience, "the initial harvest of stops-drop to finish");
        await harness.SynchronizeAsync();
        // The one-off trigger is gone once it fired; a second one would be stored by the synchronization above.
        await SchedulingHarness.WaitUntilAsync(
            async () => (await harness.TriggersOfAsync("stops-drop")).All(t => t is ICronTrigger),
            Patience, "no one-off trigger left for stops-drop");

        var run = Assert.Single(await harness.RunsAsync("stops-drop"));
        Assert.Equal("initial", run.Trigger);
        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        Assert.Equal(1, run.DatasetsAdded);
        Assert.Equal("cli", Assert.Single(await harness.RunsAsync("known-drop")).Trigger);
    }

    [Fact]
    public async Task A_schedule_missed_many_times_during_downtime_runs_once_when_the_scheduler_starts()
    {
        await using var harness = await SchedulingHarness.CreateAsync(_catalog);
        // Hourly, at a minute half an hour away, so the schedule itself does not fire during the test.
        var minute = (DateTimeOffset.UtcNow.Minute + 30) % 60;
        await harness.AddSourceAsync("hourly-drop", SourceKind.FileDrop, _drop, $"0 {minute} * * * ?");
        await harness.RecordPastRunAsync("hourly-drop");
        await harness.SynchronizeAsync();
        // The catalog was down for a day: its stored trigger still says the next firing is the slot 24 hours ago,
        // which is what a stopped cluster leaves in the job store.
        var stored = await harness.CronTriggerOfAsync("hourly-drop");
        Assert.NotNull(stored);
        var slotADayAgo = new CronExpression(stored.CronExpressionString!, stored.TimeZone)
            .GetNextValidTimeAfter(DateTimeOffset.UtcNow.AddDays(-1))!.Value;
        await SetNextFireTimeAsync(stored.Key, slotADayAgo);
        var before = await harness.CronTriggerOfAsync("hourly-drop");
        Assert.Equal(slotADayAgo, before!.NextFireTimeUtc);
        var started = DateTimeOffset.UtcNow;

        await harness.StartAsync();
        await SchedulingHarness.WaitUntilAsync(
            async () => (await harness.RunsAsync("hourly-drop")).Any(r => r.Trigger == "schedule" && r.FinishedAt is not null),
            Patience, "the misfired schedule of hourly-drop to run");

        var after = await harness.CronTriggerOfAsync("hourly-drop");
        Assert.NotNull(after);
        // Fired as a misfire, now, rather than as a late run of the day-old slot; then back on the schedule.
        Assert.True(after.PreviousFireTimeUtc >= started.AddSeconds(-1), $"previous fire time {after.PreviousFireTimeUtc} should be after the start at {started}");
        Assert.True(after.NextFireTimeUtc > started, $"next fire time {after.NextFireTimeUtc} should be after the start at {started}");
        Assert.Equal(minute, after.NextFireTimeUtc!.Value.Minute);
        Assert.Single(await harness.RunsAsync("hourly-drop"), r => r.Trigger == "schedule");
    }
}
