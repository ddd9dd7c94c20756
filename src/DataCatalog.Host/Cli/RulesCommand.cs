using DataCatalog.Harvesting.Scoring;
using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Embedded;

namespace DataCatalog.Host.Cli;

/// <summary><c>rules validate &lt;file|dir&gt;</c>, <c>rules apply &lt;dir&gt;</c>, <c>rules rescore [--source &lt;id&gt;]</c>, <c>rules standards …</c>.</summary>
internal static class RulesCommand
{
    public const string Usage = "Usage: rules validate <file|dir> | rules apply <dir> | rules rescore [--source <id>] | rules standards …";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length >= 1 && args[0] == "standards")
        {
            return await StandardsCommand.RunAsync(args[1..]);
        }

        return args switch
        {
            ["validate", var path, ..] => await ValidateAsync(path),
            ["apply", var path, .. var rest] => await ApplyAsync(path, rest),
            ["rescore", .. var rest] => await RescoreAsync(rest),
            _ => throw new CommandLineException(Usage),
        };
    }

    // Checks the files against the schema, the built-in city default and each other; needs no catalog.
    private static async Task<int> ValidateAsync(string path)
    {
        var loader = await RuleSetFileLoader.CreateAsync();
        var result = await loader.LoadPathAsync(path);
        if (!Report(result, path))
        {
            return 1;
        }

        foreach (var file in result.Files)
        {
            var set = result.RuleSets[file.Name];
            Console.WriteLine($"  {file.File}: rule set '{file.Name}'{(file.Extends is null ? "" : $" extends '{file.Extends}'")}, {set.Rules.Count} rules in effect");
        }

        return 0;
    }

    private static async Task<int> ApplyAsync(string path, string[] hostArgs)
    {
        var builder = CatalogServices.CreateBuilder(hostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, CancellationToken.None);
        await using var app = builder.Build();
        var (result, rescore) = await app.Services.GetRequiredService<RuleSetCatalog>().ApplyAsync(path, AuditActor.CommandLine(null), CancellationToken.None);
        if (!Report(result, path))
        {
            return 1;
        }

        Console.WriteLine($"Applied {result.Files.Count} rule set(s): {string.Join(", ", result.Files.Select(f => f.Name))}.");
        Print(rescore!);
        return 0;
    }

    private static async Task<int> RescoreAsync(string[] args)
    {
        var sourceId = args is ["--source", var id, ..] ? id : null;
        var builder = CatalogServices.CreateBuilder(sourceId is null ? args : args[2..]);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, CancellationToken.None);
        await using var app = builder.Build();
        Print(await app.Services.GetRequiredService<RuleSetCatalog>().RescoreAsync(sourceId, CancellationToken.None));
        return 0;
    }

    private static bool Report(RuleSetLoadResult result, string path)
    {
        if (result.Succeeded)
        {
            Console.WriteLine($"The rule sets in {path} are valid.");
            return true;
        }

        Console.Error.WriteLine($"{result.Errors.Count} problem(s) in the rule sets of {path}; nothing was changed:");
        foreach (var error in result.Errors)
        {
            Console.Error.WriteLine("  " + error);
        }

        return false;
    }

    private static void Print(RescoreReport report) =>
        Console.WriteLine($"Re-scored {report.Datasets} dataset(s) of {report.Sources} source(s) from stored profiles: {report.RuleOutcomes} rule outcomes " +
                          $"in {report.Elapsed.TotalSeconds:0.00} s ({report.ProbeTime.TotalSeconds:0.00} s in push-down SQL).");
}
