using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DataCatalog.Harvesting.Schedule;

/// <summary>Makes the scheduler's jobs match the catalog's sources: one cron trigger per enabled source, none for the rest.</summary>
/// <remarks>Triggers that already match are left alone, so a restart neither duplicates nor reschedules a harvest;
/// a source that was never harvested is fired once at once so a new catalog fills within a minute.</remarks>
public sealed class HarvestScheduleSynchronizer(
    ISchedulerFactory schedulers,
    IDbContextFactory<CatalogDbContext> contexts,
    ILogger<HarvestScheduleSynchronizer> logger)
{
    /// <summary>Trigger group of the one-off first harvests, keyed by source id.</summary>
    public const string InitialGroup = "harvest-initial";

    public async Task SynchronizeAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sources = await db.Sources.AsNoTracking().ToListAsync(cancellationToken);
        var harvested = await db.HarvestRuns.Select(r => r.SourceId).Distinct().ToListAsync(cancellationToken);

        foreach (var source in sources)
        {
            var jobKey = HarvestJob.KeyFor(source.Id);
            if (!source.Enabled)
            {
                if (await scheduler.DeleteJob(jobKey, cancellationToken))
                {
                    logger.LogInformation("Unscheduled disabled source {SourceId}", source.Id);
                }

                continue;
            }

            await EnsureScheduledAsync(scheduler, source, cancellationToken);
            if (!harvested.Contains(source.Id))
            {
                await TriggerInitialHarvestAsync(scheduler, source.Id, cancellationToken);
            }
        }

        var known = sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var jobs = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(HarvestJob.Group) }, cancellationToken);
        foreach (var job in jobs.Items)
        {
            if (!known.Contains(job.Key.Name))
            {
                await scheduler.DeleteJob(job.Key, cancellationToken);
                logger.LogInformation("Removed the schedule of deleted source {SourceId}", job.Key.Name);
            }
        }

        logger.LogDebug("Harvest schedules synchronized with {Count} source(s)", sources.Count);
    }

    // One fixed key per source, kept if already pending: nodes starting together, or a restart before the first
    // harvest ran, ask for one harvest rather than one each.
    private async Task TriggerInitialHarvestAsync(IScheduler scheduler, string sourceId, CancellationToken cancellationToken)
    {
        var once = TriggerBuilder.Create()
            .WithIdentity(new TriggerKey(sourceId, InitialGroup))
            .ForJob(HarvestJob.KeyFor(sourceId))
            .UsingJobData(HarvestJob.TriggerKey, "initial")
            .StartNow()
            .Build();
        var result = await scheduler.ScheduleTrigger(once, TriggerConflict.Keep, cancellationToken);
        if (result.Outcome != ScheduleOutcome.Kept)
        {
            logger.LogInformation("Source {SourceId} was never harvested; harvesting it now", sourceId);
        }
    }

    private async Task EnsureScheduledAsync(IScheduler scheduler, Source source, CancellationToken cancellationToken)
    {
        var jobKey = HarvestJob.KeyFor(source.Id);
        var triggerKey = new TriggerKey(source.Id, HarvestJob.Group);
        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(source.TimeZone);
        if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ICronTrigger existing
            // Quartz keeps the canonical spelling (MON-FRI for mon-fri); comparing the source's text would replace the
            // trigger at every start, and a replaced trigger forgets the firing it missed while the catalog was down.
            && existing.CronExpressionString == new CronExpression(source.Schedule).CronExpressionString
            && existing.TimeZone.Id == timeZone.Id)
        {
            return;
        }

        var job = JobBuilder.Create<HarvestJob>()
            .WithIdentity(jobKey)
            .WithDescription($"Harvest {source.Name}")
            .UsingJobData(HarvestJob.SourceIdKey, source.Id)
            .StoreDurably()
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(triggerKey)
            .ForJob(jobKey)
            // After downtime a missed schedule runs once, not once per missed slot.
            .WithCronSchedule(source.Schedule, cron => cron.InTimeZone(timeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
        logger.LogInformation("Scheduled source {SourceId} at '{Schedule}' ({TimeZone})", source.Id, source.Schedule, source.TimeZone);
    }
}
