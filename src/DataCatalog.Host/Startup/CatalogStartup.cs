using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Schedule;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DataCatalog.Host.Startup;

/// <summary>After the scheduler starts: close runs whose process is gone, load the demo city into an empty catalog,
/// import the shipped standard dictionary into a catalog without one, and keep the scheduler's jobs matching the sources — at start and every <see cref="HarvestOptions.ScheduleSyncInterval"/>,
/// so sources applied with <c>harvest sources apply</c> are scheduled without a restart. Runs left <c>running</c> by a
/// killed node or CLI are looked for every <see cref="HarvestOptions.StaleRunCheckInterval"/> on every node.</summary>
internal sealed class CatalogStartup(
    IServiceProvider services,
    HarvestRunner runner,
    HarvestScheduleSynchronizer schedules,
    IOptions<HarvestOptions> options,
    IConfiguration configuration,
    ILogger<CatalogStartup> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await AbandonStaleRunsAsync(cancellationToken);
        if (configuration[Demo.DemoKeys.Portal] is not null)
        {
            await CatalogSources.SeedDemoAsync(services, logger, cancellationToken);
        }

        await schedules.SynchronizeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        LoadSearchIndexAsync(stoppingToken),
        SeedStandardsAsync(stoppingToken),
        EveryAsync(options.Value.ScheduleSyncInterval, "synchronize harvest schedules", schedules.SynchronizeAsync, stoppingToken),
        EveryAsync(options.Value.StaleRunCheckInterval, "look for abandoned harvest runs", AbandonStaleRunsAsync, stoppingToken));

    /// <summary>The shipped dictionary is imported after start-up rather than during it: some 11,500 rows would otherwise
    /// keep readiness and the first harvests waiting.</summary>
    private async Task SeedStandardsAsync(CancellationToken stoppingToken)
    {
        try
        {
            await CatalogStandards.SeedAsync(services, logger, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not import the shipped standard dictionary: {Reason}", ex.Message);
        }
    }

    /// <summary>The search index is loaded after start-up so readiness does not wait for it; a search before it is
    /// loaded loads it (once) and waits.</summary>
    private async Task LoadSearchIndexAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            var factory = services.GetRequiredKeyedService<IDbContextFactory<CatalogDbContext>>(CatalogPool.Api);
            await using var db = await factory.CreateDbContextAsync(stoppingToken);
            var index = services.GetRequiredService<SearchIndex>();
            await index.RefreshAsync(db, stoppingToken);
            logger.LogInformation("Search index loaded: {Documents} documents at generation {Generation} in {Elapsed:F1} s",
                index.State?.Documents, index.State?.Generation, TimeProvider.System.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not load the search index at start; the first search loads it: {Reason}", ex.Message);
        }
    }

    private async Task AbandonStaleRunsAsync(CancellationToken cancellationToken)
    {
        var abandoned = await runner.AbandonStaleRunsAsync(cancellationToken);
        if (abandoned > 0)
        {
            logger.LogWarning("{Count} harvest run(s) whose process is gone were marked failed; they published nothing", abandoned);
        }
    }

    private async Task EveryAsync(TimeSpan interval, string what, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await work(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database may be briefly away; the next tick tries again and harvests keep their last schedule.
                    logger.LogWarning("Could not {What}: {Reason}", what, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
