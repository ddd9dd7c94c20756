using DataCatalog.Harvesting.Scoring;
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
                // A demo catalog made before connections were fenced by prefix names its settings 'Demo:…'; the demo now
                // sets them under 'Sources:Demo:…', so its sources are pointed there instead of failing at every harvest.
                var moved = await db.Sources.Where(s => s.ConnectionRef.StartsWith("config:Demo:"))
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.ConnectionRef, s => "config:Sources:" + s.ConnectionRef.Substring("config:".Length)), cancellationToken);
                if (moved > 0)
                {
                    logger.LogInformation("{Count} demo source(s) now read their connection under Sources:Demo", moved);
                }

                return;
            }
        }

        var loader = await SourceFileLoader.CreateAsync(services.GetRequiredService<ConnectionReferencePolicy>());
        var loaded = await loader.LoadDirectoryAsync(DemoCity.SourcesFolder, cancellationToken);
        if (!loaded.Succeeded)
        {
            throw new InvalidOperationException("The demo source files are invalid: " + string.Join("; ", loaded.Errors));
        }

        var summary = await services.GetRequiredService<SourceCatalogWriter>().ApplyAsync(loaded.Sources!, cancellationToken);
        logger.LogInformation("Demo city loaded: {Created} sources in {Departments} departments", summary.Created, loaded.Sources!.Departments.Count);
        var (rules, _) = await services.GetRequiredService<RuleSetCatalog>().ApplyAsync(Path.Combine(AppContext.BaseDirectory, "Demo", "Rules"), cancellationToken);
        if (!rules.Succeeded)
        {
            throw new InvalidOperationException("The demo rule sets are invalid: " + string.Join("; ", rules.Errors));
        }
    }
}
