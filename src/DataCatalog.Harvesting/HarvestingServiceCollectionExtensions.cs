using DataCatalog.Core.Standards;
using DataCatalog.Harvesting.Connectors.FileDrop;
using DataCatalog.Harvesting.Connectors.OpenData;
using DataCatalog.Harvesting.Connectors.Postgres;
using DataCatalog.Harvesting.Extract;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Publish;
using DataCatalog.Harvesting.Schedule;
using DataCatalog.Harvesting.Scoring;
using DataCatalog.Harvesting.Sources;
using DataCatalog.Harvesting.Standards;
using DataCatalog.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataCatalog.Harvesting;

/// <summary>Registers connectors, the harvest pipeline and, optionally, the Quartz scheduler.</summary>
public static class HarvestingServiceCollectionExtensions
{
    private const string PortalClient = "open-data-portal";

    /// <summary>Connectors and the pipeline, enough to run a harvest by hand (the CLI).</summary>
    public static IServiceCollection AddHarvesting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HarvestOptions>().Bind(configuration.GetSection("Harvest"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISourceConnector, PostgresConnector>();
        services.AddSingleton<ISourceConnector, FileDropConnector>();
        services.AddHttpClient(PortalClient, http =>
        {
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.DefaultRequestHeaders.UserAgent.ParseAdd("DataCatalog-harvester/1.0");
        });
        services.AddSingleton<ISourceConnector>(sp => new CkanConnector(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(PortalClient), CsvResourceProfiler.ProfileAsync));
        services.AddSingleton<ISourceConnector>(sp => new DcatConnector(sp.GetRequiredService<IHttpClientFactory>().CreateClient(PortalClient)));
        services.AddSingleton(sp => ConnectionReferencePolicy.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new ConnectionResolver(sp.GetRequiredService<IConfiguration>(), policy: sp.GetRequiredService<ConnectionReferencePolicy>()));
        // The pipeline writes through the harvest pool, so that API load never makes a harvest wait for a connection.
        services.AddSingleton(HarvestPool<CatalogPublisher>);
        services.AddSingleton(HarvestPool<HarvestRunner>);
        services.AddSingleton(HarvestPool<SourceCatalogWriter>);
        services.AddSingleton<StandardDictionaryStore>();
        services.AddSingleton<StandardsDictionaryProvider>();
        services.AddSingleton<IStandardTermCheckerSource>(sp => sp.GetRequiredService<StandardsDictionaryProvider>());
        services.AddSingleton<DatasetScoring>();
        services.AddSingleton<IRuleProbe, PostgresRuleProbe>();
        services.AddSingleton<RuleSetCatalog>();
        services.AddSingleton<FindingActions>();
        services.AddSingleton<HarvestRequests>();
        return services;
    }

    /// <summary>The clustered Quartz scheduler on the catalog database, with one harvest job per source.</summary>
    /// <param name="catalogConnectionString">The scheduler's own pool (<see cref="CatalogConnectionStrings.Scheduler"/>).</param>
    /// <param name="harvest">Concurrency, instance id and misfire threshold of this node; defaults when null.</param>
    public static IServiceCollection AddHarvestScheduling(this IServiceCollection services, string catalogConnectionString, int maxConcurrentHarvests, HarvestOptions? harvest = null)
    {
        harvest ??= new HarvestOptions();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "datacatalog";
                // Every node of a cluster needs its own id; the store tells live nodes from dead ones by it. The run
                // history records the same id, unique per process (a name shared by two pods stays a label).
                scheduler.InstanceId = harvest.InstanceId;
                // A stopping node cancels its harvests (each records why) instead of waiting out the host's 30 s
                // shutdown timeout; Quartz hands a cancelled job back as a recovery trigger for another node or the next start.
                scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });

            quartz.UseDefaultThreadPool(maxConcurrentHarvests);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(catalogConnectionString);
                // A late firing beyond this is a misfire (FireAndProceed: one run now, then the next slot), so a node busy
                // for a while runs a missed schedule once rather than once per missed slot, and waiting triggers are
                // re-queued in the order they fell behind (the stalest first).
                // After a database restart the scheduler resumes within seconds rather than the default back-off.
                store.ConfigureStore(ado =>
                {
                    ado.MisfireThreshold = harvest.MisfireThreshold;
                    ado.DbRetryInterval = TimeSpan.FromSeconds(2);
                });
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = TimeSpan.FromSeconds(10);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                });
                store.ProvisionSchema();
            });
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddSingleton(HarvestPool<HarvestScheduleSynchronizer>);
        services.AddHostedService<WaiverExpiryService>();
        return services;
    }

    // The keyed harvest pool when persistence registered one (AddCatalogPersistence does), the default factory otherwise.
    private static T HarvestPool<T>(IServiceProvider services) => ActivatorUtilities.CreateInstance<T>(
        services,
        services.GetKeyedService<IDbContextFactory<CatalogDbContext>>(CatalogPool.Harvest)
            ?? services.GetRequiredService<IDbContextFactory<CatalogDbContext>>());
}
