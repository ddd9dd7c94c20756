using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Schedule;
using DataCatalog.Testing;
using Quartz;

namespace DataCatalog.Harvesting.Tests.Schedule;

/// <summary>What synchronizing stores in the real job store; the scheduler stays in standby, so nothing fires.</summary>
[Collection(SchedulerCollection.Name)]
public sealed class ScheduleSynchronizerTests(CatalogDatabaseFixture database) : IClassFixture<CatalogDatabaseFixture>
{
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);

    /// <summary>A cron trigger's start time has whole seconds, so a replacement is told apart only a second later.</summary>
    private static Task AfterTheStartSecondAsync() => Task.Delay(TimeSpan.FromSeconds(1.1));

    [Fact]
    public async Task An_enabled_source_gets_one_durable_recoverable_job_with_a_Seoul_cron_trigger_that_fires_once_after_a_misfire()
    {
        await using var harness = await SchedulingHarness.CreateAsync(database.ConnectionString);
        await harness.AddSourceAsync("shape-db", SourceKind.Postgres, "Host=unused", "0 0 3 * * ?");

        await harness.SynchronizeAsync();

        var job = await harness.Scheduler.GetJobDetail(HarvestJob.KeyFor("shape-db"));
        Assert.NotNull(job);
        Assert.Equal(typeof(HarvestJob), job.JobType);
        Assert.True(job.Durable);
        Assert.True(job.RequestsRecovery);
        Assert.True(job.ConcurrentExecutionDisallowed);
        Assert.Equal("shape-db", job.JobDataMap.GetString(HarvestJob.SourceIdKey));
        var trigger = await harness.CronTriggerOfAsync("shape-db");
        Assert.NotNull(trigger);
        Assert.Equal(job.Key, trigger.JobKey);
        Assert.Equal("0 0 3 * * ?", trigger.CronExpressionString);
        Assert.Equal("Asia/Seoul", trigger.TimeZone.Id);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, trigger.MisfireInstruction);
        var next = trigger.NextFireTimeUtc!.Value.ToOffset(Seoul);
        Assert.Equal((3, 0, 0), (next.Hour, next.Minute, next.Second));
    }

    [Fact]
    public async Task A_disabled_source_gets_no_job()
    {
        await using var harness = await SchedulingHarness.CreateAsync(database.ConnectionString);
        await harness.AddSourceAsync("switched-off-db", SourceKind.Postgres, "Host=unused");
        await harness.UpdateSourceAsync("switched-off-db", s => s.Enabled = false);

        await harness.SynchronizeAsync();

        Assert.False(await harness.Scheduler.Exists(HarvestJob.KeyFor("switched-off-db")));
    }

    [Fact]
    public async Task Synchronizing_twice_leaves_an_unchanged_trigger_as_it_was()
    {
        await using var harness = await SchedulingHarness.CreateAsync(database.ConnectionString);
        await harness.AddSourceAsync("steady-db", SourceKind.Postgres, "Host=unused", "0 15 2 * * ?");
        await harness.SynchronizeAsync();
        var first = await harness.CronTriggerOfAsync("steady-db");
        await AfterTheStartSecondAsync();

        await harness.SynchronizeAsync();

        var second = await harness.CronTriggerOfAsync("steady-db");
        Assert.NotNull(first);
        Assert.NotNull(second);
        // A rescheduled trigger would start at the second synchronization.
        Assert.Equal(first.StartTimeUtc, second.StartTimeUtc);
        Assert.Equal(first.NextFireTimeUtc, second.NextFireTimeUtc);
    }

    [Fact]
    public async Task A_schedule_written_in_lower_case_is_not_rescheduled_by_every_synchronization()
    {
        await using var harness = await SchedulingHarness.CreateAsync(database.ConnectionString);
        // Quartz stores the canonical spelling (MON-FRI); the source file keeps what its author wrote.
        await harness.AddSourceAsync("weekday-db", SourceKind.Postgres, "Host=unused", "0 30 4 ? * mon-fri");
        await harness.SynchronizeAsync();
        var first = await harness.CronTriggerOfAsync("weekday-db");
        await AfterTheStartSecondAsync();

        await harness.SynchronizeAsync();

        var second = await harness.CronTriggerOfAsync("weekday-db");
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(first.StartTimeUtc, second.StartTimeUtc);
    }

    [Fact]
    public async Task A_changed_cron_reschedules_the_trigger()
    {
        await using var harness = await SchedulingHarness.CreateAsync(database.ConnectionString);
        await harness.AddSourceAsync("moved-db", SourceKind.Postgres, "Host=unused", "0 0 3 * * ?");
        await harness.SynchronizeAsync();
        await harness.UpdateSourceAsync("moved-db", s => s.Schedule = "0 45 22 * * ?");

        await harness.SynchronizeAsync();

        var trigger = await harness.CronTriggerOfAsync("moved-db");
        Assert.NotNull(trigger);
        Assert.Equal("0 45 22 * * ?", trigger.CronExpressionString);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, trigger.MisfireInstruction);
        var next = trigger.NextFireTimeUtc!.Value.ToOffset(Seoul);
        Assert.Equal((22, 45), (next.Hour, next.Minute));
    }

    [Fact]
    public async Task A_source_that_is_disabled_loses_its_job()
    {
        await using var harness = await SchedulingHarness.CreateAsync(database.ConnectionString);
        await harness.AddSourceAsync("retired-db", SourceKind.Postgres, "Host=unused");
        await harness.SynchronizeAsync();
        Assert.True(await harness.Scheduler.Exists(HarvestJob.KeyFor("retired-db")));
        await harness.UpdateSourceAsync("retired-db", s => s.Enabled = false);

        await harness.SynchronizeAsync();

        Assert.False(await harness.Scheduler.Exists(HarvestJob.KeyFor("retired-db")));
        Assert.Empty(await harness.TriggersOfAsync("retired-db"));
    }

    [Fact]
    public async Task A_source_deleted_from_the_catalog_loses_its_job()
    {
        await using var harness = await SchedulingHarness.CreateAsync(database.ConnectionString);
        await harness.AddSourceAsync("deleted-db", SourceKind.Postgres, "Host=unused");
        await harness.SynchronizeAsync();
        Assert.True(await harness.Scheduler.Exists(HarvestJob.KeyFor("deleted-db")));
        await using (var db = harness.Catalog())
        {
            db.Sources.Remove(db.Sources.Single(s => s.Id == "deleted-db"));
            await db.SaveChangesAsync();
        }

        await harness.SynchronizeAsync();

        Assert.False(await harness.Scheduler.Exists(HarvestJob.KeyFor("deleted-db")));
    }

    [Fact]
    public async Task A_never_harvested_source_is_asked_for_one_initial_harvest_and_a_harvested_one_for_none()
    {
        await using var harness = await SchedulingHarness.CreateAsync(database.ConnectionString);
        await harness.AddSourceAsync("new-db", SourceKind.Postgres, "Host=unused");
        await harness.AddSourceAsync("known-db", SourceKind.Postgres, "Host=unused");
        await harness.RecordPastRunAsync("known-db");

        await harness.SynchronizeAsync();

        var oneOff = Assert.Single(await harness.TriggersOfAsync("new-db"), t => t is not ICronTrigger);
        Assert.Equal("initial", oneOff.JobDataMap.GetString(HarvestJob.TriggerKey));
        Assert.IsAssignableFrom<ICronTrigger>(Assert.Single(await harness.TriggersOfAsync("known-db")));
    }

    [Fact]
    public async Task Synchronizing_twice_before_the_first_harvest_asks_for_one_initial_harvest_not_two()
    {
        // Two catalog nodes starting together both synchronize; the source must still be harvested once.
        await using var harness = await SchedulingHarness.CreateAsync(database.ConnectionString);
        await harness.AddSourceAsync("twice-new-db", SourceKind.Postgres, "Host=unused");

        await harness.SynchronizeAsync();
        await harness.SynchronizeAsync();

        Assert.Single(await harness.TriggersOfAsync("twice-new-db"), t => t is not ICronTrigger);
    }
}
