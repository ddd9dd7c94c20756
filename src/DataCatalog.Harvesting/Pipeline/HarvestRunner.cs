using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.OpenData;
using DataCatalog.Harvesting.Extract;
using DataCatalog.Harvesting.Publish;
using DataCatalog.Harvesting.Sources;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataCatalog.Harvesting.Pipeline;

/// <summary>Runs one harvest of one source end to end: record the run, extract, publish, and keep every error.</summary>
/// <remarks>A failure anywhere before publish leaves the published catalog as it was and the run marked failed
/// with its reason; a crash leaves the run as <c>running</c>, which the next start marks as abandoned.</remarks>
public sealed class HarvestRunner(
    IDbContextFactory<CatalogDbContext> contexts,
    IEnumerable<ISourceConnector> connectors,
    ConnectionResolver connections,
    CatalogPublisher publisher,
    TimeProvider clock,
    IOptions<HarvestOptions> options,
    ILogger<HarvestRunner> logger)
{
    public async Task<HarvestRun> RunAsync(string sourceId, string trigger, CancellationToken cancellationToken)
    {
        // --- Per-source run lock (issue 13): one source is never harvested by two processes at once (nodes, CLI runs);
        // the lock held for the whole run is also how other processes tell a live run from one whose process died.
        await using var runLock = await SourceRunLock.AcquireAsync(contexts, sourceId, logger, cancellationToken);
        var finished = await RunLockedAsync(sourceId, trigger, cancellationToken);
        return await SourceRunLock.ReconcileAsync(contexts, finished, CancellationToken.None);
        // --- end of the run lock
    }

    private async Task<HarvestRun> RunLockedAsync(string sourceId, string trigger, CancellationToken cancellationToken)
    {
        SourceDefinition definition;
        long runId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var source = await db.Sources.Include(s => s.Department).SingleOrDefaultAsync(s => s.Id == sourceId, cancellationToken)
                ?? throw new InvalidOperationException($"No source '{sourceId}' in the catalog; apply its source file first (harvest sources apply <dir>).");
            definition = ToDefinition(source);
            var run = new HarvestRun
            {
                SourceId = sourceId,
                Trigger = trigger,
                Node = options.Value.InstanceId,
                StartedAt = clock.GetUtcNow(),
                Status = HarvestStatus.Running,
            };
            db.HarvestRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
            runId = run.Id;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["SourceId"] = sourceId, ["RunId"] = runId });
        logger.LogInformation("Harvest of {SourceId} started ({Trigger})", sourceId, trigger);
        try
        {
            var published = await ExtractAndPublishWithRetriesAsync(runId, definition, cancellationToken);
            logger.LogInformation(
                "Harvest of {SourceId} {Status}: {Seen} datasets, {Added} new, {Changed} changed, {Withdrawn} withdrawn, {Failed} failed",
                sourceId, published.Status, published.DatasetsSeen, published.DatasetsAdded, published.DatasetsChanged, published.DatasetsWithdrawn, published.DatasetsFailed);
            return published;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Harvest of {SourceId} failed: {Reason}", sourceId, ex.Message);
            return await RecordFailureAsync(runId, DescribeFailure(sourceId, ex), CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            await RecordFailureAsync(runId, "The harvest was cancelled (the catalog was shutting down); the next schedule runs it again.", CancellationToken.None);
            throw;
        }
    }

    /// <summary>Marks runs left <c>running</c> by a process that died (a killed node or CLI, on any machine) as failed,
    /// so run history tells the truth: a run is live while its source's run lock is held, and PostgreSQL releases that
    /// lock when the holder's session ends. The closed run's finish time is when it was found dead.</summary>
    public async Task<int> AbandonStaleRunsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var running = await db.HarvestRuns.Where(r => r.Status == HarvestStatus.Running).Select(r => r.SourceId).Distinct().ToListAsync(cancellationToken);
        var abandoned = 0;
        foreach (var sourceId in running)
        {
            await using var probe = await SourceRunLock.TryAcquireAsync(contexts, sourceId, cancellationToken);
            if (probe is null)
            {
                // Its harvest is alive somewhere.
                continue;
            }

            var now = clock.GetUtcNow();
            abandoned += await db.HarvestRuns.Where(r => r.Status == HarvestStatus.Running && r.SourceId == sourceId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, HarvestStatus.Failed)
                    .SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.Error, "The catalog process running this harvest stopped or lost its database session (found when its run lock was free); nothing of it was published."), cancellationToken);
        }

        return abandoned;
    }

    /// <summary>Streams the connector's datasets into the publisher; a source unavailable before anything was committed
    /// is tried again, the delay doubling, and the rolled-back attempt leaves nothing behind.</summary>
    private async Task<HarvestRun> ExtractAndPublishWithRetriesAsync(long runId, SourceDefinition source, CancellationToken cancellationToken)
    {
        var connector = connectors.FirstOrDefault(c => c.Kind == source.Kind)
            ?? throw new InvalidOperationException($"Source '{source.Id}': no connector for kind '{source.Kind}'; kinds are {string.Join(", ", SourceKind.All)}.");
        var connection = connections.Resolve(source);
        var settings = PublishSettings.From(source);
        var delay = options.Value.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var extracted = connector is IIncrementalSourceConnector incremental
                    ? incremental.ExtractAsync(source, connection, await publisher.ChangeTokensAsync(source.Id, cancellationToken), cancellationToken)
                    : connector.ExtractAsync(source, connection, cancellationToken);
                return await publisher.PublishAsync(runId, extracted.AheadAsync(CatalogPublisher.BatchSize, cancellationToken), e => e.ListingIncomplete || (e.Snapshot is null && IsListingFailure(e.QualifiedName)), settings, cancellationToken);
            }
            catch (SourceUnavailableException ex) when (attempt <= options.Value.Retries)
            {
                logger.LogInformation("Source {SourceId} unavailable (attempt {Attempt}), retrying in {Delay}: {Reason}", source.Id, attempt, delay, ex.Message);
                await Task.Delay(delay, clock, cancellationToken);
                delay *= 2;
            }
        }
    }

    /// <summary>The run's recorded error: the source's own message when it wrote one for people, otherwise a sentence
    /// naming the source and what to do, never a framework's generic message; connection details masked either way.</summary>
    internal static string DescribeFailure(string sourceId, Exception ex)
    {
        var message = ex switch
        {
            SourceUnavailableException or ArgumentException or InvalidOperationException { InnerException: null } => ex.Message,
            DbUpdateException or Npgsql.NpgsqlException =>
                $"Source '{sourceId}': the catalog could not save this run ({(ex.GetBaseException() as Npgsql.PostgresException)?.MessageText ?? ex.GetBaseException().Message}); " +
                "nothing of it was published. Harvest again; if it fails the same way, report it with this run to the catalog's operators.",
            IOException or UnauthorizedAccessException =>
                $"Source '{sourceId}': reading it failed part-way ({ex.Message}); nothing of this run was published. Check that the source is reachable and harvest again.",
            _ => $"Source '{sourceId}': the harvest stopped on an unexpected error ({ex.GetType().Name}: {ex.Message}); nothing of this run was published. Harvest again; if it fails the same way, report it with this run.",
        };
        return RecordedText.Redact(message);
    }

    private async Task<HarvestRun> RecordFailureAsync(long runId, string error, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.HarvestRuns.SingleAsync(r => r.Id == runId, cancellationToken);
        run.Status = HarvestStatus.Failed;
        run.Error = RecordedText.Redact(error);
        run.FinishedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    /// <summary>A portal page that failed means the listing is incomplete: datasets not seen may still exist.</summary>
    private static bool IsListingFailure(string qualifiedName) =>
        qualifiedName.StartsWith(CkanConnector.PageFailurePrefix, StringComparison.Ordinal)
        || qualifiedName.StartsWith(DcatConnector.PageFailurePrefix, StringComparison.Ordinal);

    internal static SourceDefinition ToDefinition(Source source) => new(
        source.Id, source.Department?.Code ?? "", source.Kind, source.Name, source.ConnectionRef, source.Schedule,
        source.TimeZone, source.RuleSet, source.Owner, source.Options);
}

/// <summary>How harvests run on this node.</summary>
public sealed class HarvestOptions
{
    private string? _instanceId;

    /// <summary>A label recorded with each run (the pod or machine name); the machine name unless configured. Several
    /// nodes may share it: identity is <see cref="InstanceId"/>.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>This process's identity among the nodes: name, pid and a random part, unique per process; recorded with
    /// each run and used as the Quartz instance id.</summary>
    public string InstanceId
    {
        get => _instanceId ??= $"{NodeName}-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";
        set => _instanceId = value;
    }

    /// <summary>Retries of a source that is unavailable, with the delay doubling each time.</summary>
    public int Retries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Harvests running at once on this node, across sources: half the cores, at least one. On 2 cores two at
    /// once did fewer runs per minute than one (issue 13: 6.5 against 9), while the extraction itself shows no contention
    /// in one process (the <c>concurrent</c> benchmark): the cores are shared with the PostgreSQL doing the profiles.</summary>
    public int MaxConcurrentHarvests { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>How often a node matches the scheduler's jobs to the catalog's sources.</summary>
    public TimeSpan ScheduleSyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a node looks for runs whose process is gone.</summary>
    public TimeSpan StaleRunCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A firing later than this is a misfire: it runs once, as soon as a harvest thread is free, queued behind
    /// the harvests that have waited longer; a firing less late runs as scheduled.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(5);
}
