using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace DataCatalog.Host.Cli;

/// <summary>The executable's command line on System.CommandLine: <c>serve</c> (the default) and the verb groups.</summary>
/// <remarks>
/// Adding a verb group (<c>auth token</c>, <c>audit verify</c>, <c>report &lt;kind&gt;</c>…) is one file and one line:
/// <list type="number">
/// <item>Write <c>XCommand.cs</c> beside this file: a public static class with <c>public static Command Create()</c> that
/// builds the command, its subcommands and typed options (each with a description: that is its <c>--help</c>), and sets
/// each action with <c>SetAction(async (parse, cancellationToken) =&gt; …)</c> returning the exit code (0 done, 1 failed).
/// An action reads its values with <c>parse.GetValue(option)</c> and opens the catalog with
/// <c>CatalogServices.CreateBuilder(CatalogCommandLine.HostArgs(parse))</c>, so <c>--Section:Key=value</c> settings and
/// <c>--environment</c> reach it (the parser takes them on every command; a verb declares none of its own).</item>
/// <item>Add <c>XCommand.Create()</c> to <see cref="VerbGroups"/>.</item>
/// </list>
/// Bad usage exits 2 with the problem named and the command's help: the parser does it for unknown verbs and options,
/// missing arguments and values that do not convert; a check the parser cannot express goes in
/// <c>command.Validators</c> (<c>result.AddError(…)</c>) or, inside an action, throws <see cref="CommandLineException"/>.
/// Then give each new command a row in <c>Commands</c> of <c>tests/DataCatalog.EndToEnd.Tests/Cli/CommandLineTests.cs</c>
/// (what its help must list; a test fails until every command has one) and a test that parses its options.
/// </remarks>
public static class CatalogCommandLine
{
    /// <summary>The verb groups under the root, in the order help lists them.</summary>
    private static Command[] VerbGroups() =>
    [
        ServeCommand.Create(),
        HarvestCommand.Create(),
        RulesCommand.Create(),
        FindingsCommand.Create(),
        AuthCommand.Create(),
        AuditCommand.Create(),
        ReportCommand.Create(),
    ];

    /// <summary>The hidden option a configuration override (<c>--Section:Key=value</c>) is rewritten to before parsing.</summary>
    public const string SettingOptionName = "--setting";

    private const string EnvironmentOptionName = "--environment";

    /// <summary>The whole command tree. The root itself serves, with <c>serve</c>'s options.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("""
            DataCatalog — the city's data-governance catalog. Without a command it serves (see 'serve --help').

            Settings come from appsettings.json, environment variables (Harvest__Retries=3) or arguments of any command:
              --Section:Key=value or --Section:Key value, e.g. --ConnectionStrings:Catalog=Host=…;Database=catalog
              ConnectionStrings:Catalog   an existing PostgreSQL server; without it the catalog runs its own under Catalog:DataFolder
              Catalog:DataFolder          folder of the embedded PostgreSQL (default ./.catalog)
              Catalog:Demo                load the demo city into an empty embedded catalog (default true)
            """);
        var setting = new Option<string[]>(SettingOptionName)
        {
            Description = "A configuration override Section:Key=value (written --Section:Key=value).",
            Recursive = true,
            Hidden = true,
            AllowMultipleArgumentsPerToken = false,
        };
        setting.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!value.Contains('=', StringComparison.Ordinal))
                {
                    result.AddError($"The setting '--{value}' needs a value: --{value}=value or --{value} value.");
                }
            }
        });
        root.Options.Add(setting);
        root.Options.Add(new Option<string>(EnvironmentOptionName)
        {
            Description = "The hosting environment (Development, Production…), which picks appsettings.<environment>.json.",
            HelpName = "name",
            Recursive = true,
        });

        foreach (var verb in VerbGroups())
        {
            root.Subcommands.Add(verb);
            if (verb.Name == ServeCommand.Name)
            {
                // serve is the default: the bare executable takes serve's options and runs its action.
                foreach (var option in verb.Options)
                {
                    root.Options.Add(option);
                }

                root.Action = verb.Action;
            }
        }

        RefuseUnknownOptionsAsArguments(root);
        var help = new Command("help", "Show this help.") { Hidden = true };
        help.SetAction(parse => WriteHelp([], parse.InvocationConfiguration.Output));
        root.Subcommands.Add(help);
        return root;
    }

    /// <summary>Parses <paramref name="args"/> as the executable does, configuration overrides included.</summary>
    public static ParseResult Parse(params string[] args) =>
        // No response files: an argument starting with @ is a path or a name, as it always was.
        CreateRoot().Parse(RewriteSettings(args), new ParserConfiguration { ResponseFileTokenReplacer = null });

    /// <summary>Runs the command line; returns the exit code (0 done, 1 failed, 2 bad usage).</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with help and usage errors written to the given writers.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parse = Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            return WriteUsageError(parse, error, Problems(parse));
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                // Let exceptions surface as they did (with their stack trace and a non-zero exit), not as System.CommandLine's.
                EnableDefaultExceptionHandler = false,
                // serve shuts down gracefully on SIGTERM/Ctrl+C by itself (the host stops the embedded PostgreSQL) and a CLI
                // harvest records its cancelled run: the parser must not race them with its own termination timeout.
                ProcessTerminationTimeout = null,
            });
        }
        catch (CommandLineException ex)
        {
            return WriteUsageError(parse, error, [ex.Message]);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C reached a verb that stops cleanly (CtrlC): it has already recorded or removed what it started.
            await error.WriteLineAsync("Stopped by Ctrl+C: a harvest in progress is recorded as cancelled; an unfinished report leaves no file.");
            return 130;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("PostgreSQL server binaries", StringComparison.Ordinal)
                                                   || ex.Message.Contains("cannot reach", StringComparison.Ordinal))
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    /// <summary>The arguments for the host's configuration: every <c>--Section:Key=value</c> override and
    /// <c>--environment</c>, as <c>--Key=value</c>.</summary>
    public static string[] HostArgs(ParseResult parse)
    {
        var settings = parse.GetValue<string[]>(SettingOptionName) ?? [];
        var environment = parse.GetValue<string>(EnvironmentOptionName);
        return [.. settings.Select(s => "--" + s), .. environment is null ? [] : new[] { "--environment=" + environment }];
    }

    /// <summary>Writes the help of the command at <paramref name="commandPath"/> (<c>["rules", "standards"]</c>), as
    /// <c>--help</c> does.</summary>
    public static int WriteHelp(IReadOnlyList<string> commandPath, TextWriter writer) =>
        Parse([.. commandPath, "--help"]).Invoke(new InvocationConfiguration { Output = writer });

    // A configuration key has a section (Catalog:DataFolder), which no option of ours has: --Section:Key=value and
    // --Section:Key value become --setting Section:Key=value, so the parser checks everything else strictly, and a
    // setting after a verb's arguments is not taken for one of them (rules standards import a.csv --ConnectionStrings:…).
    private static List<string> RewriteSettings(IReadOnlyList<string> args)
    {
        var rewritten = new List<string>(args.Count + 4);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || !name.Contains(':', StringComparison.Ordinal))
            {
                rewritten.Add(arg);
                continue;
            }

            rewritten.Add(SettingOptionName);
            // Without '=' the next word is the value, as the host's own parser read it; a setting left without one is
            // reported by the option's validator.
            rewritten.Add(equals >= 0 || i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? arg[2..]
                : $"{name[2..]}={args[++i]}");
        }

        return rewritten;
    }

    private static IEnumerable<string> Problems(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var path = CommandPath(parse);
        // The first unmatched word is the mistake; the words and errors after it usually only follow from it.
        var unmatched = parse.UnmatchedTokens.FirstOrDefault();
        if (unmatched is not null)
        {
            if (unmatched.StartsWith('-'))
            {
                yield return UnknownOption(command, path, unmatched);
            }
            else if (command.Subcommands.Any(c => !c.Hidden) && command.Arguments.Count == 0)
            {
                yield return $"Unknown {(command is RootCommand ? "" : command.Name + " ")}command '{unmatched}'.";
            }
            else
            {
                yield return $"Unexpected '{unmatched}' for '{path}'.";
            }
        }
        else
        {
            foreach (var error in parse.Errors)
            {
                yield return error.SymbolResult is System.CommandLine.Parsing.CommandResult { Command: var c } && ReferenceEquals(c, command)
                             && c.Subcommands.Count > 0 && c.Action is null
                    ? $"'{path}' needs a command: {string.Join(", ", c.Subcommands.Where(s => !s.Hidden).Select(s => s.Name))}."
                    : error.Message;
            }
        }
    }

    private static string UnknownOption(Command command, string path, string token)
    {
        var options = command.Options.Concat(Recursive(command)).Where(o => !o.Hidden && o is not HelpOption).Select(o => o.Name).Distinct().ToList();
        return $"Unknown option '{token}' for '{path}'" + (options.Count == 0 ? "." : $"; its options are {string.Join(", ", options)}.");
    }

    // The parser hands a word it does not know as an option to a command's argument when one takes it
    // ('rules standards import a.csv --editon 2025-11' would import a file named --editon): no argument of ours starts
    // with '-', so such a word is an unknown option.
    private static void RefuseUnknownOptionsAsArguments(Command command)
    {
        if (command.Arguments.Count > 0)
        {
            command.Validators.Add(result =>
            {
                var word = result.Children.OfType<System.CommandLine.Parsing.ArgumentResult>()
                    .SelectMany(a => a.Tokens).Select(t => t.Value).FirstOrDefault(v => v.Length > 1 && v.StartsWith('-'));
                if (word is not null)
                {
                    result.AddError(UnknownOption(command, PathOf(result), word));
                }
            });
        }

        foreach (var sub in command.Subcommands)
        {
            RefuseUnknownOptionsAsArguments(sub);
        }
    }

    private static IEnumerable<Option> Recursive(Command command) =>
        command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive && o is not HelpOption and not VersionOption).Concat(Recursive(p)));

    private static List<string> CommandNames(ParseResult parse) => CommandNames(parse.CommandResult);

    private static string PathOf(System.CommandLine.Parsing.CommandResult result) => string.Join(' ', CommandNames(result));

    private static List<string> CommandNames(System.CommandLine.Parsing.CommandResult? innermost)
    {
        var names = new List<string>();
        for (var result = innermost; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                names.Insert(0, result.Command.Name);
            }
        }

        return names;
    }

    private static string CommandPath(ParseResult parse) => CommandNames(parse) is { Count: > 0 } names ? string.Join(' ', names) : "DataCatalog.Host";

    private static int WriteUsageError(ParseResult parse, TextWriter writer, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            writer.WriteLine(problem);
        }

        writer.WriteLine();
        WriteHelp(CommandNames(parse), writer);
        return 2;
    }
}

/// <summary>The command line is wrong; the message says how (exit code 2).</summary>
public sealed class CommandLineException(string message) : Exception(message);
