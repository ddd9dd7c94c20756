using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DataCatalog.Harvesting.Schedule;

/// <summary>The Quartz job that harvests one source; one durable job per source, keyed by the source id.</summary>
[DisallowConcurrentExecution]
public sealed class HarvestJob(HarvestRunner runner, IDbContextFactory<CatalogDbContext> contexts, ILogger<HarvestJob> logger) : IJob
{
    /// <summary>Job group of harvest jobs.</summary>
    public const string Group = "harvest";

    /// <summary>Job data key of the source id.</summary>
    public const string SourceIdKey = "sourceId";

    /// <summary>Job data key that names why a one-off firing happened (<c>initial</c>, <c>manual</c>).</summary>
    public const string TriggerKey = "trigger";

    public static JobKey KeyFor(string sourceId) => new(sourceId, Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var sourceId = context.MergedJobDataMap.GetString(SourceIdKey)
            ?? throw new JobExecutionException($"Harvest job {context.JobDetail.Key} has no '{SourceIdKey}' in its data.");
        var trigger = context.Recovering
            ? "recovery"
            : context.MergedJobDataMap.GetString(TriggerKey) ?? "schedule";
        if (trigger == "initial" && await HasRunAsync(sourceId, cancellationToken))
        {
            // Nodes starting together each ask for the first harvest; the job never runs on two nodes at once, so the
            // later firings find the first one's run and stand down: one initial harvest per source, cluster-wide.
            logger.LogInformation("Source {SourceId} already has a harvest run; its initial harvest is not repeated", sourceId);
            return;
        }

        await runner.RunAsync(sourceId, trigger, cancellationToken);
    }

    private async Task<bool> HasRunAsync(string sourceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.HarvestRuns.AnyAsync(r => r.SourceId == sourceId, cancellationToken);
    }
}
