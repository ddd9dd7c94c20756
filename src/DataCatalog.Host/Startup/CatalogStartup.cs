using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Schedule;
using Microsoft.Extensions.Options;

namespace DataCatalog.Host.Startup;

/// <summary>After the scheduler starts: close runs a crash left open, load the demo city into an empty catalog,
/// and make the scheduler's jobs match the sources.</summary>
internal sealed class CatalogStartup(
    IServiceProvider services,
    HarvestRunner runner,
    HarvestScheduleSynchronizer schedules,
    IOptions<HarvestOptions> options,
    IConfiguration configuration,
    ILogger<CatalogStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var abandoned = await runner.AbandonStaleRunsAsync(options.Value.NodeName, cancellationToken);
        if (abandoned > 0)
        {
            logger.LogWarning("{Count} harvest run(s) of this node were cut short by a stop; they are marked failed and published nothing", abandoned);
        }

        if (configuration["Demo:Portal:ckan"] is not null)
        {
            await CatalogSources.SeedDemoAsync(services, logger, cancellationToken);
        }

        await schedules.SynchronizeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
