using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Sources;
using DataCatalog.Host.Startup;
using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Embedded;
using DataCatalog.Persistence.Model;
using DataCatalog.Persistence;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Host.Cli;

/// <summary><c>harvest --all</c>, <c>harvest run --source &lt;id&gt;</c>, <c>harvest sources validate|apply &lt;dir&gt;</c>.</summary>
internal static class HarvestCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length >= 1 && args[0] == "sources")
        {
            return await SourcesAsync(args[1..]);
        }

        var (all, sourceId, hostArgs) = ParseRun(args);
        var builder = CatalogServices.CreateBuilder(hostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, CancellationToken.None);
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DataCatalog.Harvest");
        if (database.Settings.Count > 0)
        {
            await CatalogSources.SeedDemoAsync(app.Services, logger, CancellationToken.None);
        }

        List<string> sources;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync())
        {
            sources = all
                ? await db.Sources.Where(s => s.Enabled).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync()
                : await db.Sources.Where(s => s.Id == sourceId).Select(s => s.Id).ToListAsync();
        }

        if (sources.Count == 0)
        {
            await Console.Error.WriteLineAsync(all
                ? "No enabled sources in the catalog; load some with: harvest sources apply <dir>"
                : $"No source '{sourceId}' in the catalog; list them with the GraphQL query {{ sources {{ id }} }} or apply its source file.");
            return 1;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var runner = app.Services.GetRequiredService<HarvestRunner>();
        // Runs a killed CLI or node left open are closed here too, so a catalog without a server still tells the truth.
        if (await runner.AbandonStaleRunsAsync(stop.Token) is > 0 and var abandoned)
        {
            Console.WriteLine($"{abandoned} harvest run(s) whose process is gone were marked failed; they published nothing.");
        }

        var failed = 0;
        foreach (var id in sources)
        {
            var run = await runner.RunAsync(id, "cli", stop.Token);
            var line = $"{id}: {run.Status.ToString().ToLowerInvariant()} — {run.DatasetsSeen} datasets ({run.DatasetsAdded} new, {run.DatasetsChanged} changed, {run.DatasetsWithdrawn} withdrawn, {run.DatasetsFailed} failed)";
            Console.WriteLine(line);
            if (run.Error is not null)
            {
                Console.WriteLine("  error: " + run.Error);
            }

            foreach (var error in run.DatasetErrors)
            {
                Console.WriteLine($"  {error.Dataset}: {error.Error}");
            }

            if (run.Status is HarvestStatus.Failed or HarvestStatus.Partial)
            {
                failed++;
            }
        }

        Console.WriteLine($"{sources.Count - failed} of {sources.Count} sources harvested without failure");
        return failed == 0 ? 0 : 1;
    }

    private static (bool All, string? SourceId, string[] HostArgs) ParseRun(string[] args)
    {
        var all = false;
        string? sourceId = null;
        var rest = new List<string>();
        var i = 0;
        if (args.Length > 0 && args[0] == "run")
        {
            i = 1;
        }

        for (; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--all":
                    all = true;
                    break;
                case "--source" when i + 1 < args.Length:
                    sourceId = args[++i];
                    break;
                case "--source":
                    throw new CommandLineException("--source needs a source id: harvest run --source transport-db");
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (all == (sourceId is not null))
        {
            throw new CommandLineException("Say which sources to harvest: 'harvest --all' or 'harvest run --source <id>'.");
        }

        return (all, sourceId, rest.ToArray());
    }

    private static async Task<int> SourcesAsync(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("validate" or "apply"))
        {
            throw new CommandLineException("Usage: harvest sources validate <dir> | harvest sources apply <dir>");
        }

        // The connection prefixes are the operator's: read them as the catalog would (appsettings, environment, --Key=value).
        var loader = await SourceFileLoader.CreateAsync(ConnectionReferencePolicy.From(CatalogServices.CreateBuilder(args[2..]).Configuration));
        var result = await loader.LoadDirectoryAsync(args[1]);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync($"{result.Errors.Count} problem(s) in the source files of {args[1]}; nothing was changed:");
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync("  " + error);
            }

            return 1;
        }

        var files = result.Sources!;
        Console.WriteLine($"{files.AllSources.Count()} source(s) in {files.Departments.Count} department(s) are valid.");
        if (args[0] == "validate")
        {
            return 0;
        }

        var builder = CatalogServices.CreateBuilder(args[2..]);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, CancellationToken.None);
        await using var app = builder.Build();
        var summary = await app.Services.GetRequiredService<SourceCatalogWriter>().ApplyAsync(files, AuditActor.CommandLine(null), CancellationToken.None);
        Console.WriteLine($"Applied: {summary.Created} created, {summary.Updated} updated, {summary.Disabled} disabled, {summary.Unchanged} unchanged. " +
                          "A running catalog schedules them within a minute.");
        return 0;
    }
}
