using DataCatalog.Persistence;
using DataCatalog.Persistence.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataCatalog.Harvesting.Schedule;

/// <summary>A harvest asked for now: the run starts on the first free harvest thread of any node (its id is not known yet).</summary>
public sealed record HarvestRequest(string SourceId, DateTimeOffset RequestedAt, string RequestedBy, long? RunId);

/// <summary>How asking for a harvest ended: the request, or the error (what is wrong and the fix).</summary>
public sealed record HarvestRequestOutcome(HarvestRequest? Request, HarvestRequestRefusal? Refusal, string? Error);

/// <summary>Why a harvest request was refused.</summary>
public enum HarvestRequestRefusal
{
    NotFound,
    Forbidden,
    Invalid,
}

/// <summary>Asks the clustered scheduler for a harvest of one source now; the request is an audit event.</summary>
public sealed class HarvestRequests(IDbContextFactory<CatalogDbContext> contexts, IServiceProvider services, TimeProvider clock)
{
    /// <summary>Trigger group of requested harvests.</summary>
    public const string RequestedGroup = "harvest-requested";

    /// <param name="mayActOn">Whether the actor may ask for harvests of a department's sources (by code); null for anyone.</param>
    public async Task<HarvestRequestOutcome> RequestAsync(string sourceId, AuditActor actor, Func<string, bool>? mayActOn, CancellationToken cancellationToken)
    {
        var schedulers = services.GetService<ISchedulerFactory>()
            ?? throw new InvalidOperationException("This process runs no harvest scheduler; ask a serving catalog, or run 'harvest run --source <id>'.");
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var source = await db.Sources.AsNoTracking().Where(s => s.Id == sourceId)
            .Select(s => new { s.Id, s.Enabled, Department = s.Department!.Code }).SingleOrDefaultAsync(cancellationToken);
        if (source is null)
        {
            return new HarvestRequestOutcome(null, HarvestRequestRefusal.NotFound, $"No source '{sourceId}'; the sources are listed by the 'sources' query.");
        }

        if (mayActOn is not null && !mayActOn(source.Department))
        {
            return new HarvestRequestOutcome(null, HarvestRequestRefusal.Forbidden, $"Source '{sourceId}' belongs to department '{source.Department}', which you do not steward.");
        }

        if (!source.Enabled)
        {
            return new HarvestRequestOutcome(null, HarvestRequestRefusal.Invalid, $"Source '{sourceId}' is disabled; enable it in its source file and apply it first.");
        }

        var request = new HarvestRequest(sourceId, now, actor.Name, null);
        await AuditTrail.AppendAsync(db, actor.Entry(now, "harvest.request", "source", sourceId, source.Department, null, request), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // The scheduler's store is reached through its own pool, so the trigger cannot share the event's transaction: the
        // event commits first, and a request that then fails to reach the scheduler is an error the caller sees.
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(new TriggerKey($"{sourceId}-{now.ToUnixTimeMilliseconds()}-{Guid.NewGuid():N}", RequestedGroup))
            .ForJob(HarvestJob.KeyFor(sourceId))
            .UsingJobData(HarvestJob.TriggerKey, "manual")
            .StartNow()
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Keep, cancellationToken);
        return new HarvestRequestOutcome(request, null, null);
    }
}
