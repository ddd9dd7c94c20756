using System.CommandLine;
using DataCatalog.Harvesting.Scoring;
using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Embedded;

namespace DataCatalog.Host.Cli;

/// <summary><c>rules validate &lt;file|dir&gt;</c>, <c>rules apply &lt;dir&gt;</c>, <c>rules rescore [--source &lt;id&gt;]</c>, <c>rules standards …</c>.</summary>
public static class RulesCommand
{
    /// <summary>The <c>rules</c> verb group, <c>rules standards …</c> included.</summary>
    public static Command Create()
    {
        var rules = new Command("rules", "Quality and standardization rule sets: check them, store them and re-score; the standard dictionaries.");

        var validatePath = new Argument<string>("file|dir") { Description = "A rule-set file or a folder of them (*.json)." };
        var validate = new Command("validate", "Check rule-set files against schemas/ruleset.schema.json and the city default; change nothing.") { validatePath };
        validate.SetAction(parse => ValidateAsync(parse.GetValue(validatePath)!));
        rules.Subcommands.Add(validate);

        var applyPath = new Argument<string>("dir") { Description = "A folder of rule-set files (or one file)." };
        var apply = new Command("apply", "Validate, store and re-score every dataset from its stored profile; an invalid file changes nothing.") { applyPath };
        apply.SetAction((parse, cancellationToken) => ApplyAsync(parse.GetValue(applyPath)!, CatalogCommandLine.HostArgs(parse), cancellationToken));
        rules.Subcommands.Add(apply);

        var source = new Option<string>("--source") { Description = "Re-score only this source's datasets (default: every source).", HelpName = "id" };
        var rescore = new Command("rescore", "Re-score datasets from their stored profiles with the rule sets in the catalog.") { source };
        rescore.SetAction((parse, cancellationToken) => RescoreAsync(parse.GetValue(source), CatalogCommandLine.HostArgs(parse), cancellationToken));
        rules.Subcommands.Add(rescore);

        rules.Subcommands.Add(StandardsCommand.Create());
        return rules;
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

    private static async Task<int> ApplyAsync(string path, string[] hostArgs, CancellationToken cancellationToken)
    {
        var builder = CatalogServices.CreateBuilder(hostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, cancellationToken);
        await using var app = builder.Build();
        var (result, rescore) = await app.Services.GetRequiredService<RuleSetCatalog>().ApplyAsync(path, AuditActor.CommandLine(null), cancellationToken);
        if (!Report(result, path))
        {
            return 1;
        }

        Console.WriteLine($"Applied {result.Files.Count} rule set(s): {string.Join(", ", result.Files.Select(f => f.Name))}.");
        Print(rescore!);
        return 0;
    }

    private static async Task<int> RescoreAsync(string? sourceId, string[] hostArgs, CancellationToken cancellationToken)
    {
        var builder = CatalogServices.CreateBuilder(hostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, cancellationToken);
        await using var app = builder.Build();
        Print(await app.Services.GetRequiredService<RuleSetCatalog>().RescoreAsync(sourceId, cancellationToken));
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
