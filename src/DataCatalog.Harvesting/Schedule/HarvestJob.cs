using DataCatalog.Harvesting.Pipeline;
using Quartz;

namespace DataCatalog.Harvesting.Schedule;

/// <summary>The Quartz job that harvests one source; one durable job per source, keyed by the source id.</summary>
[DisallowConcurrentExecution]
public sealed class HarvestJob(HarvestRunner runner) : IJob
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
        await runner.RunAsync(sourceId, trigger, cancellationToken);
    }
}
