using DataCatalog.Harvesting.Schedule;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DataCatalog.Harvesting.Tests.Schedule;

/// <summary>Scheduling as the host wires it: the real clustered Quartz store on a test catalog database.</summary>
/// <remarks>The scheduler is created in standby; a test that wants firings calls <see cref="StartAsync"/>.
/// Disposing shuts the scheduler down, waiting for running harvests.</remarks>
public sealed class SchedulingHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private SchedulingHarness(ServiceProvider services, IScheduler scheduler, string catalog)
    {
        _services = services;
        Scheduler = scheduler;
        CatalogConnectionString = catalog;
    }

    public string CatalogConnectionString { get; }

    public IScheduler Scheduler { get; }

    public HarvestScheduleSynchronizer Synchronizer => _services.GetRequiredService<HarvestScheduleSynchronizer>();

    public HarvestRequests Requests => _services.GetRequiredService<HarvestRequests>();

    public static async Task<SchedulingHarness> CreateAsync(string catalog)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Harvest:Retries"] = "0", ["Harvest:NodeName"] = "test-node" })
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCatalogPersistence(catalog)
            .AddHarvesting(configuration)
            .AddHarvestScheduling(catalog, 2)
            .BuildServiceProvider();
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        return new SchedulingHarness(services, scheduler, catalog);
    }

    public CatalogDbContext Catalog() => TestPostgres.Context(CatalogConnectionString);

    public async Task StartAsync() => await Scheduler.Start();

    public Task SynchronizeAsync() => Synchronizer.SynchronizeAsync(CancellationToken.None);

    /// <summary>Adds (or replaces) a source whose connection is the configuration key <c>Sources:&lt;id&gt;</c>.</summary>
    public async Task AddSourceAsync(string id, string kind, string connection, string schedule = "0 0 3 * * ?")
    {
        _services.GetRequiredService<IConfiguration>()[$"Sources:{id}"] = connection;
        await using var db = Catalog();
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Code == "schedule")
            ?? db.Departments.Add(new Department { Code = "schedule", Name = "일정시험과" }).Entity;
        db.Sources.Add(new Source
        {
            Id = id,
            Department = department,
            Kind = kind,
            Name = id,
            ConnectionRef = $"config:Sources:{id}",
            Schedule = schedule,
            TimeZone = "Asia/Seoul",
        });
        await db.SaveChangesAsync();
    }

    public async Task UpdateSourceAsync(string id, Action<Source> change)
    {
        await using var db = Catalog();
        change(await db.Sources.SingleAsync(s => s.Id == id));
        await db.SaveChangesAsync();
    }

    /// <summary>Records a finished harvest, as if the source had been harvested before.</summary>
    public async Task RecordPastRunAsync(string id)
    {
        await using var db = Catalog();
        var finished = DateTimeOffset.UtcNow.AddDays(-1);
        db.HarvestRuns.Add(new HarvestRun
        {
            SourceId = id,
            Trigger = "cli",
            Node = "test-node",
            StartedAt = finished.AddMinutes(-1),
            FinishedAt = finished,
            Status = HarvestStatus.Succeeded,
        });
        await db.SaveChangesAsync();
    }

    public async Task<List<HarvestRun>> RunsAsync(string id)
    {
        await using var db = Catalog();
        return await db.HarvestRuns.AsNoTracking().Where(r => r.SourceId == id).OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>Every trigger stored for the source's job.</summary>
    public async Task<List<ITrigger>> TriggersOfAsync(string id)
    {
        var headers = await Scheduler.QueryTriggers(new TriggerQuery { Job = HarvestJob.KeyFor(id) });
        var triggers = new List<ITrigger>();
        foreach (var header in headers.Items)
        {
            if (await Scheduler.GetTrigger(header.Key) is { } trigger)
            {
                triggers.Add(trigger);
            }
        }

        return triggers;
    }

    public async Task<ICronTrigger?> CronTriggerOfAsync(string id) =>
        await Scheduler.GetTrigger(new TriggerKey(id, HarvestJob.Group)) as ICronTrigger;

    /// <summary>Polls until <paramref name="probe"/> holds, failing after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await probe())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.Shutdown(waitForJobsToComplete: true);
        await _services.DisposeAsync();
    }
}

/// <summary>Quartz schedulers of one process share a repository by name, so scheduler tests run one class at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SchedulerCollection
{
    public const string Name = "Quartz scheduler";
}
