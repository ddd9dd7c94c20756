namespace DataCatalog.Host.Cli;

/// <summary>The executable's verbs: <c>serve</c> (the default), <c>harvest …</c> and <c>help</c>.</summary>
public static class CatalogCommandLine
{
    public const string Usage = """
        DataCatalog — the city's data-governance catalog

        Usage:
          dotnet run --project src/DataCatalog.Host [serve] [--urls http://127.0.0.1:5080]
              Run the catalog: scheduler, harvests and the GraphQL endpoint (/graphql, /healthz).
          dotnet run --project src/DataCatalog.Host -- harvest --all
              Harvest every enabled source once; exit 1 if any harvest failed.
          dotnet run --project src/DataCatalog.Host -- harvest run --source <id>
              Harvest one source once.
          dotnet run --project src/DataCatalog.Host -- harvest sources validate <dir>
              Check the source files of a folder against schemas/source.schema.json; change nothing.
          dotnet run --project src/DataCatalog.Host -- harvest sources apply <dir>
              Validate and load the source files of a folder; an invalid file changes nothing.
          dotnet run --project src/DataCatalog.Host -- rules standards import <file>... [--edition 2024-11] [--extension]
              Import common-standard dictionary files (words, terms, domains; 7th or 8th layout; UTF-8 or CP949) as an edition.
          dotnet run --project src/DataCatalog.Host -- rules standards list | diff <editionA> <editionB>
              List the imported editions, or the rows added, retired, removed and changed between two.
          dotnet run --project src/DataCatalog.Host -- rules validate <file|dir>
              Check rule-set files against schemas/ruleset.schema.json and the city default; change nothing.
          dotnet run --project src/DataCatalog.Host -- rules apply <dir>
              Validate, store and re-score every dataset from its stored profile; an invalid file changes nothing.
          dotnet run --project src/DataCatalog.Host -- findings list [--department <code>] [--status open]
              Failed rules to follow up; findings waive|acknowledge|assign|reopen <id> … act on one.
          dotnet run --project src/DataCatalog.Host -- auth token --role steward --department transport [--name <name>] [--hours <n>]
              Print a development token on the last line (where development tokens are enabled).

        Settings (appsettings.json, environment variables with __, or --Key=value):
          ConnectionStrings:Catalog   an existing PostgreSQL server; without it the catalog runs its own under Catalog:DataFolder
          Catalog:DataFolder          folder of the embedded PostgreSQL (default ./.catalog)
          Catalog:Demo                load the demo city into an empty embedded catalog (default true)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        try
        {
            return verb switch
            {
                "serve" => await ServeCommand.RunAsync(rest),
                "harvest" => await HarvestCommand.RunAsync(rest),
                "rules" => await RulesCommand.RunAsync(rest),
                "findings" => await FindingsCommand.RunAsync(rest),
                "auth" => await AuthCommand.RunAsync(rest),
                "help" or "--help" or "-h" => PrintUsage(Console.Out, 0),
                _ => PrintUsage(Console.Error, 2, $"Unknown command '{verb}'."),
            };
        }
        catch (CommandLineException ex)
        {
            return PrintUsage(Console.Error, 2, ex.Message);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("PostgreSQL server binaries", StringComparison.Ordinal)
                                                   || ex.Message.Contains("cannot reach", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    private static int PrintUsage(TextWriter writer, int exitCode, string? problem = null)
    {
        if (problem is not null)
        {
            writer.WriteLine(problem);
            writer.WriteLine();
        }

        writer.WriteLine(Usage);
        return exitCode;
    }
}

/// <summary>The command line is wrong; the message says how.</summary>
public sealed class CommandLineException(string message) : Exception(message);
