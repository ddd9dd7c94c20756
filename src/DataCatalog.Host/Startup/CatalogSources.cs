using DataCatalog.Harvesting.Sources;
using DataCatalog.Host.Demo;
using DataCatalog.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Host.Startup;

/// <summary>Loads the demo city's source files into a catalog that has no departments yet.</summary>
public static class CatalogSources
{
    private const int SeedStep = 2;

    public static async Task SeedDemoAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        string connectionString;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        // A server and a CLI verb starting together: the second waits here and then finds the departments.
        await using var seeding = await PreparationLock.AcquireAsync(connectionString, SeedStep, cancellationToken);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Departments.AnyAsync(cancellationToken))
            {
                return;
            }
        }

        var loader = await SourceFileLoader.CreateAsync();
        var loaded = await loader.LoadDirectoryAsync(DemoCity.SourcesFolder, cancellationToken);
        if (!loaded.Succeeded)
        {
            throw new InvalidOperationException("The demo source files are invalid: " + string.Join("; ", loaded.Errors));
        }

        var summary = await services.GetRequiredService<SourceCatalogWriter>().ApplyAsync(loaded.Sources!, cancellationToken);
        logger.LogInformation("Demo city loaded: {Created} sources in {Departments} departments", summary.Created, loaded.Sources!.Departments.Count);
    }
}
