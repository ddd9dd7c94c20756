using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Schedule;
using Microsoft.Extensions.Options;

namespace DataCatalog.Host.Startup;

/// <summary>After the scheduler starts: close runs a crash left open, load the demo city into an empty catalog, import the
/// shipped standard dictionary into a catalog without one, and
/// keep the scheduler's jobs matching the sources — at start and every minute, so sources applied with
/// <c>harvest sources apply</c> are scheduled without a restart.</summary>
internal sealed class CatalogStartup(
    IServiceProvider services,
    HarvestRunner runner,
    HarvestScheduleSynchronizer schedules,
    IOptions<HarvestOptions> options,
    IConfiguration configuration,
    ILogger<CatalogStartup> logger) : BackgroundService
{
    private static readonly TimeSpan SyncInterval = TimeSpan.FromMinutes(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var abandoned = await runner.AbandonStaleRunsAsync(options.Value.NodeName, cancellationToken);
        if (abandoned > 0)
        {
            logger.LogWarning("{Count} harvest run(s) of this node were cut short by a stop; they are marked failed and published nothing", abandoned);
        }

        if (configuration[Demo.DemoKeys.Portal] is not null)
        {
            await CatalogSources.SeedDemoAsync(services, logger, cancellationToken);
        }

        await schedules.SynchronizeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The shipped dictionary is imported after start-up rather than during it: some 11,500 rows would otherwise keep
        // /healthz and the first harvests waiting.
        try
        {
            await CatalogStandards.SeedAsync(services, logger, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not import the shipped standard dictionary: {Reason}", ex.Message);
        }

        using var timer = new PeriodicTimer(SyncInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await schedules.SynchronizeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be briefly away; the next tick tries again and harvests keep their last schedule.
                logger.LogWarning("Could not synchronize harvest schedules: {Reason}", ex.Message);
            }
        }
    }
}
