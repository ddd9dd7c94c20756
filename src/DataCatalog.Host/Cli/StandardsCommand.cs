using System.CommandLine;
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
    /// <summary>The <c>standards</c> group under <c>rules</c>.</summary>
    public static Command Create()
    {
        var standards = new Command("standards", "The common-standard dictionaries (words, terms, domains) that naming rules check against, by edition.");

        var files = new Argument<string[]>("file") { Description = "Dictionary files: words, terms and/or domains (CSV, UTF-8 or CP949).", Arity = ArgumentArity.OneOrMore };
        var edition = new Option<string>("--edition")
        {
            Description = "The edition's name; defaults to the latest enactment month in the files (2024-11). An edition published as three files may be imported one file at a time under the same name.",
            HelpName = "name",
        };
        var extension = new Option<bool>("--extension") { Description = "Layer a city's own words and terms over the latest base edition." };
        var import = new Command("import", "Import dictionary files (the 2024-11 or the 2025-11 layout) as one edition; a file with any bad row imports nothing.")
        {
            files, edition, extension,
        };
        import.SetAction((parse, cancellationToken) =>
            ImportAsync(parse.GetValue(files)!, parse.GetValue(edition), parse.GetValue(extension), CatalogCommandLine.HostArgs(parse), cancellationToken));
        standards.Subcommands.Add(import);

        var list = new Command("list", "The imported editions, oldest first, with their row counts.");
        list.SetAction((parse, cancellationToken) => ListAsync(CatalogCommandLine.HostArgs(parse), cancellationToken));
        standards.Subcommands.Add(list);

        var from = new Argument<string>("editionA") { Description = "The edition to compare from (2024-11)." };
        var to = new Argument<string>("editionB") { Description = "The edition to compare to (2025-11)." };
        var diff = new Command("diff", "Rows added, retired, removed and changed from editionA to editionB, per dictionary.") { from, to };
        diff.SetAction((parse, cancellationToken) => DiffAsync(parse.GetValue(from)!, parse.GetValue(to)!, CatalogCommandLine.HostArgs(parse), cancellationToken));
        standards.Subcommands.Add(diff);
        return standards;
    }

    private static async Task<int> ImportAsync(string[] files, string? edition, bool extension, string[] hostArgs, CancellationToken cancellationToken)
    {
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            throw new CommandLineException($"No such file: {string.Join(", ", missing)}");
        }

        // Every file is read and checked before the catalog is opened: a bad row is reported without touching the database.
        var read = new List<StandardDictionaryFileRead>();
        foreach (var file in files)
        {
            read.Add(await StandardDictionaryFile.ReadAsync(file, cancellationToken));
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

        return await WithStoreAsync(hostArgs, cancellationToken, async store =>
        {
            var result = await store.ImportAsync(read, edition, extension, cancellationToken);
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

    private static async Task<int> ListAsync(string[] hostArgs, CancellationToken cancellationToken)
    {
        return await WithStoreAsync(hostArgs, cancellationToken, async store =>
        {
            var editions = await store.ListAsync(cancellationToken);
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

    private static async Task<int> DiffAsync(string from, string to, string[] hostArgs, CancellationToken cancellationToken)
    {
        string[] names = [from, to];
        return await WithStoreAsync(hostArgs, cancellationToken, async store =>
        {
            var diff = await store.DiffAsync(from, to, cancellationToken);
            if (diff is null)
            {
                var known = (await store.ListAsync(cancellationToken)).Select(e => e.Name);
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

    private static async Task<int> WithStoreAsync(string[] hostArgs, CancellationToken cancellationToken, Func<StandardDictionaryStore, Task<int>> action)
    {
        var builder = CatalogServices.CreateBuilder(hostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, cancellationToken);
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DataCatalog.Standards");
        await Startup.CatalogStandards.SeedAsync(app.Services, logger, cancellationToken);
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
}
