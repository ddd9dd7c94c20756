using System.CommandLine;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Harvesting.Sources;
using DataCatalog.Host.Startup;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Embedded;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Host.Cli;

/// <summary><c>harvest --all</c>, <c>harvest run --source &lt;id&gt;</c>, <c>harvest sources validate|apply &lt;dir&gt;</c>.</summary>
public static class HarvestCommand
{
    /// <summary>The <c>harvest</c> verb group.</summary>
    public static Command Create()
    {
        var harvest = new Command("harvest", "Harvest sources once, now, in this process (exit 1 if any harvest failed), or check and load source files.");
        // 'harvest --all' and 'harvest --source <id>' are 'harvest run …' without the word.
        AddRun(harvest);
        var run = new Command("run", "Harvest one source (--source) or every enabled source (--all) once; exit 1 if any harvest failed.");
        AddRun(run);
        harvest.Subcommands.Add(run);

        var sources = new Command("sources", "Check source files against schemas/source.schema.json, or load them into the catalog.");
        sources.Subcommands.Add(SourcesCommand("validate", "Check the source files of a folder (every error with file, JSON path, line and fix); change nothing.", apply: false));
        sources.Subcommands.Add(SourcesCommand("apply", "Validate and load the source files of a folder; an invalid file changes nothing. A running catalog schedules them within a minute.", apply: true));
        harvest.Subcommands.Add(sources);
        return harvest;
    }

    private static void AddRun(Command command)
    {
        var all = new Option<bool>("--all") { Description = "Harvest every enabled source." };
        var source = new Option<string>("--source") { Description = "The id of the source to harvest (transport-db…).", HelpName = "id" };
        command.Options.Add(all);
        command.Options.Add(source);
        command.Validators.Add(result =>
        {
            // GetResult, not GetValue: '--source' without its id is the parser's error to name, not this one.
            if (result.GetValue(all) == (result.GetResult(source) is not null))
            {
                result.AddError("Say which sources to harvest: 'harvest --all' or 'harvest run --source <id>'.");
            }
        });
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(all), parse.GetValue(source), CatalogCommandLine.HostArgs(parse), cancellationToken));
    }

    private static Command SourcesCommand(string name, string description, bool apply)
    {
        var folder = new Argument<string>("dir") { Description = "The folder of source files (*.json)." };
        var command = new Command(name, description) { folder };
        command.SetAction((parse, cancellationToken) => SourcesAsync(apply, parse.GetValue(folder)!, CatalogCommandLine.HostArgs(parse), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(bool all, string? sourceId, string[] hostArgs, CancellationToken cancellationToken)
    {
        var builder = CatalogServices.CreateBuilder(hostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, cancellationToken);
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DataCatalog.Harvest");
        if (database.Settings.Count > 0)
        {
            await CatalogSources.SeedDemoAsync(app.Services, logger, cancellationToken);
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

        using var stop = new CtrlC(cancellationToken);
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

    private static async Task<int> SourcesAsync(bool apply, string folder, string[] hostArgs, CancellationToken cancellationToken)
    {
        // The connection prefixes are the operator's: read them as the catalog would (appsettings, environment, --Key=value).
        var loader = await SourceFileLoader.CreateAsync(ConnectionReferencePolicy.From(CatalogServices.CreateBuilder(hostArgs).Configuration));
        var result = await loader.LoadDirectoryAsync(folder);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync($"{result.Errors.Count} problem(s) in the source files of {folder}; nothing was changed:");
            foreach (var error in result.Errors)
            {
                await Console.Error.WriteLineAsync("  " + error);
            }

            return 1;
        }

        var files = result.Sources!;
        Console.WriteLine($"{files.AllSources.Count()} source(s) in {files.Departments.Count} department(s) are valid.");
        if (!apply)
        {
            return 0;
        }

        var builder = CatalogServices.CreateBuilder(hostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, cancellationToken);
        await using var app = builder.Build();
        var summary = await app.Services.GetRequiredService<SourceCatalogWriter>().ApplyAsync(files, AuditActor.CommandLine(null), cancellationToken);
        Console.WriteLine($"Applied: {summary.Created} created, {summary.Updated} updated, {summary.Disabled} disabled, {summary.Unchanged} unchanged. " +
                          "A running catalog schedules them within a minute.");
        return 0;
    }
}
