using System.Globalization;
using DataCatalog.Core.Standards;
using DataCatalog.Harvesting.Standards;
using DataCatalog.Persistence.Embedded;

namespace DataCatalog.Host.Cli;

/// <summary><c>rules standards import &lt;file&gt;… [--edition 2024-11] [--extension]</c>, <c>rules standards list</c>,
/// <c>rules standards diff &lt;editionA&gt; &lt;editionB&gt;</c>. Exit codes: 0 done, 1 a bad file (every bad row listed) or an
/// unknown edition, 2 bad usage.</summary>
public static class StandardsCommand
{
    public const string Usage = """
        Usage:
          rules standards import <file>... [--edition <name>] [--extension]
              Import dictionary files (words, terms and/or domains; the 2024-11 or the 2025-11 layout; UTF-8 or CP949) as one
              edition. The name defaults to the latest enactment month in the files (2024-11). An edition published as three
              files may be imported one file at a time under the same name. --extension layers a city's own words and terms
              over the latest base edition. A file with any bad row imports nothing.
          rules standards list
              The imported editions, oldest first, with their row counts.
          rules standards diff <editionA> <editionB>
              Rows added, retired, removed and changed from editionA to editionB, per dictionary.
        """;

    /// <summary>Runs a <c>standards</c> command; <paramref name="args"/> are the words after <c>rules</c> (a leading
    /// <c>standards</c> is expected) or after <c>rules standards</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "standards")
        {
            args = args[1..];
        }

        try
        {
            return args.Length == 0 ? Fail("Say what to do with the standard dictionaries.") : args[0] switch
            {
                "import" => await ImportAsync(args[1..]),
                "list" => await ListAsync(args[1..]),
                "diff" => await DiffAsync(args[1..]),
                "help" or "--help" or "-h" => Print(Console.Out, Usage, 0),
                _ => Fail($"Unknown standards command '{args[0]}'."),
            };
        }
        catch (CommandLineException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static async Task<int> ImportAsync(string[] args)
    {
        var files = new List<string>();
        var hostArgs = new List<string>();
        string? edition = null;
        var extension = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--edition" when i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal):
                    edition = args[++i];
                    break;
                case "--edition":
                    throw new CommandLineException("--edition needs a name: rules standards import terms.csv --edition 2025-11");
                case "--extension":
                    extension = true;
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal) && option.Contains('=', StringComparison.Ordinal):
                    hostArgs.Add(option);
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    throw new CommandLineException($"Unknown option '{option}' for rules standards import.");
                default:
                    files.Add(args[i]);
                    break;
            }
        }

        if (files.Count == 0)
        {
            throw new CommandLineException("Name the file(s) to import: rules standards import words.csv terms.csv domains.csv");
        }

        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            throw new CommandLineException($"No such file: {string.Join(", ", missing)}");
        }

        // Every file is read and checked before the catalog is opened: a bad row is reported without touching the database.
        var read = new List<StandardDictionaryFileRead>();
        foreach (var file in files)
        {
            read.Add(await StandardDictionaryFile.ReadAsync(file, CancellationToken.None));
        }

        var errors = read.SelectMany(r => r.Errors).ToList();
        if (errors.Count > 0)
        {
            return await PrintErrorsAsync(errors);
        }

        foreach (var file in read)
        {
            Console.WriteLine($"{file.FileName}: {file.Parse.Kind!.Value.ToString().ToLowerInvariant()}, {file.Parse.Layout!.Value.ToString().ToLowerInvariant()} layout, {file.Encoding}, {file.Parse.Rows:N0} rows ({file.Parse.Retired} retired)");
        }

        return await WithStoreAsync(hostArgs, async store =>
        {
            var result = await store.ImportAsync(read, edition, extension, CancellationToken.None);
            if (!result.Succeeded)
            {
                return await PrintErrorsAsync(result.Errors);
            }

            var e = result.Edition!;
            Console.WriteLine(result.AlreadyImported
                ? $"Edition {e.Name} already holds these files; nothing changed."
                : $"Imported into {e.Kind.ToString().ToLowerInvariant()} edition {e.Name}: {e.Words:N0} words, {e.Terms:N0} terms, {e.Domains:N0} domains ({e.RetiredRows} retired). A running catalog uses it at its next check.");
            return 0;
        });
    }

    private static async Task<int> ListAsync(string[] args)
    {
        var hostArgs = HostArgs(args, "list");
        return await WithStoreAsync(hostArgs, async store =>
        {
            var editions = await store.ListAsync(CancellationToken.None);
            if (editions.Count == 0)
            {
                Console.WriteLine("No standard dictionary imported; import one with: rules standards import <file>");
                return 0;
            }

            Console.WriteLine($"{"edition",-20} {"kind",-9} {"imported at (UTC)",-19} {"words",7} {"terms",7} {"domains",7} {"retired",7}  files");
            foreach (var e in editions)
            {
                var extends = e.BaseEditionId is { } id ? $" (over {editions.FirstOrDefault(b => b.Id == id)?.Name})" : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{e.Name,-20} {e.Kind.ToString().ToLowerInvariant(),-9} {e.ImportedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} {e.Words,7} {e.Terms,7} {e.Domains,7} {e.RetiredRows,7}  {e.SourceFiles}{extends}"));
            }

            return 0;
        });
    }

    private static async Task<int> DiffAsync(string[] args)
    {
        var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (names.Count != 2)
        {
            throw new CommandLineException("Name two editions: rules standards diff 2024-11 2025-11");
        }

        var hostArgs = HostArgs([.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal))], "diff");
        return await WithStoreAsync(hostArgs, async store =>
        {
            var diff = await store.DiffAsync(names[0], names[1], CancellationToken.None);
            if (diff is null)
            {
                var known = (await store.ListAsync(CancellationToken.None)).Select(e => e.Name);
                await Console.Error.WriteLineAsync($"No edition named {string.Join(" or ", names)} in the catalog; the editions are: {string.Join(", ", known)}");
                return 1;
            }

            foreach (var dictionary in Enum.GetValues<StandardDictionaryKind>())
            {
                if (!diff.Compared.Contains(dictionary))
                {
                    Console.WriteLine($"{dictionary.ToString().ToLowerInvariant()}: not held by both editions, not compared");
                    continue;
                }

                var rows = diff.Rows.Where(d => d.Dictionary == dictionary).ToList();
                var counts = string.Join(", ", Enum.GetValues<StandardRowChange>().Select(c => $"{rows.Count(r => r.Change == c)} {c.ToString().ToLowerInvariant()}"));
                Console.WriteLine($"{dictionary.ToString().ToLowerInvariant()}: {counts}");
                foreach (var row in rows)
                {
                    Console.WriteLine($"  {row.Change.ToString().ToLowerInvariant(),-8} {row.Name}{(row.Detail is null ? "" : "  " + row.Detail)}");
                }
            }

            return 0;
        });
    }

    private static string[] HostArgs(string[] args, string command)
    {
        foreach (var arg in args)
        {
            if (!arg.StartsWith("--", StringComparison.Ordinal) || !arg.Contains('=', StringComparison.Ordinal))
            {
                throw new CommandLineException($"Unexpected '{arg}' for rules standards {command}.");
            }
        }

        return args;
    }

    private static async Task<int> WithStoreAsync(IEnumerable<string> hostArgs, Func<StandardDictionaryStore, Task<int>> action)
    {
        var builder = CatalogServices.CreateBuilder([.. hostArgs]);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, CancellationToken.None);
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DataCatalog.Standards");
        await Startup.CatalogStandards.SeedAsync(app.Services, logger, CancellationToken.None);
        return await action(app.Services.GetRequiredService<StandardDictionaryStore>());
    }

    private static async Task<int> PrintErrorsAsync(IReadOnlyList<string> errors)
    {
        await Console.Error.WriteLineAsync($"{errors.Count} problem(s); nothing was imported:");
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync("  " + error);
        }

        return 1;
    }

    private static int Fail(string problem) => Print(Console.Error, problem + Environment.NewLine + Environment.NewLine + Usage, 2);

    private static int Print(TextWriter writer, string text, int exitCode)
    {
        writer.WriteLine(text);
        return exitCode;
    }
}
