using DataCatalog.Persistence;
using DataCatalog.Persistence.Locks;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Harvesting.Pipeline;

/// <summary>A session-level advisory lock per source on the catalog database, held for the whole of a harvest run.</summary>
/// <remarks>It lives on a connection of its own outside the pool, so the lock ends exactly when the run (or its process,
/// or its database session) ends: PostgreSQL releases it then, which is how any node or CLI tells a live run from a dead
/// one. It uses the two-key form so it never collides with the publisher's one-key transaction lock on the same source.</remarks>
internal static class SourceRunLock
{
    // First key of the two-key advisory lock space: "HRUN".
    private const int LockSpace = 0x4852554E;
    private const string ApplicationName = "datacatalog-run-lock";

    /// <summary>Takes the lock of <paramref name="sourceId"/>, waiting (and saying so) while another process harvests it.</summary>
    public static async Task<SessionAdvisoryLock> AcquireAsync(IDbContextFactory<CatalogDbContext> contexts, string sourceId, ILogger logger, CancellationToken cancellationToken)
    {
        var connectionString = await ConnectionStringAsync(contexts, cancellationToken);
        if (await SessionAdvisoryLock.TryAcquireAsync(connectionString, LockSpace, sourceId, ApplicationName, cancellationToken) is { } taken)
        {
            return taken;
        }

        logger.LogInformation("Source {SourceId} is being harvested by another node or CLI run; this run waits for it to finish", sourceId);
        return await SessionAdvisoryLock.AcquireAsync(connectionString, LockSpace, sourceId, ApplicationName, cancellationToken);
    }

    /// <summary>Takes the lock only if nobody holds it: null means a run of <paramref name="sourceId"/> is alive.</summary>
    public static async Task<SessionAdvisoryLock?> TryAcquireAsync(IDbContextFactory<CatalogDbContext> contexts, string sourceId, CancellationToken cancellationToken) =>
        await SessionAdvisoryLock.TryAcquireAsync(await ConnectionStringAsync(contexts, cancellationToken), LockSpace, sourceId, ApplicationName, cancellationToken);

    /// <summary>A run that published (succeeded or partial) carries no run error: if its lock session was lost mid-run
    /// (a database restart) and another node closed it as dead meanwhile, the publish that followed is what happened.</summary>
    public static async Task<HarvestRun> ReconcileAsync(IDbContextFactory<CatalogDbContext> contexts, HarvestRun run, CancellationToken cancellationToken)
    {
        if (run.Status is HarvestStatus.Succeeded or HarvestStatus.Partial)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.HarvestRuns.Where(r => r.Id == run.Id && r.Status != HarvestStatus.Failed && r.Error != null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Error, (string?)null), cancellationToken);
            run.Error = null;
        }

        return run;
    }

    private static async Task<string> ConnectionStringAsync(IDbContextFactory<CatalogDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return db.Database.GetConnectionString() ?? throw new InvalidOperationException("The catalog context has no connection string.");
    }
}
