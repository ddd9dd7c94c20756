using DataCatalog.Api.Reports;
using DataCatalog.Core.Reports;
using DataCatalog.Persistence.Embedded;

namespace DataCatalog.Host.Cli;

/// <summary><c>report &lt;kind&gt; [--department &lt;code&gt;] [--as-of YYYY-MM-DD] --out &lt;dir&gt;</c>: writes a report's CSV and manifest.json.</summary>
internal static class ReportCommand
{
    public static readonly string Usage =
        "Usage: report <kind> [--department <code>] [--as-of YYYY-MM-DD] --out <dir>\n"
        + $"       kinds: {string.Join(", ", ReportKinds.All.Select(k => k.Kind))}; without --department the whole city, without --as-of today (KST).";

    /// <summary>The parsed arguments: the kind, the options and what is left for the host's settings.</summary>
    public sealed record Arguments(string Kind, string? Department, string? AsOf, string Out, string[] HostArgs);

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = Parse(args);
        var builder = CatalogServices.CreateBuilder(parsed.HostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, CancellationToken.None);
        await using var app = builder.Build();
        var exports = app.Services.GetRequiredService<ReportExports>();
        var (kind, scope, error) = exports.Resolve(parsed.Kind, parsed.Department, parsed.AsOf, "--as-of");
        if (kind is null || scope is null)
        {
            throw new CommandLineException($"{error}\n{Usage}");
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        // The operator at the console is the catalog's administrator: the CLI holds the database itself.
        var by = new ReportRequester($"cli:{Environment.UserName}", "admin", null);
        var manifest = await exports.ExportToFolderAsync(kind, scope, Path.GetFullPath(parsed.Out), by, stop.Token);
        foreach (var file in manifest.Files)
        {
            Console.WriteLine($"{Path.Combine(parsed.Out, file.Name)}: {file.Rows} row(s), sha256 {file.Sha256}");
        }

        Console.WriteLine($"{Path.Combine(parsed.Out, "manifest.json")}: {manifest.Kind} for {manifest.Scope} as of {manifest.AsOf}");
        return 0;
    }

    /// <summary>Reads <c>&lt;kind&gt; --department --as-of --out</c>; anything else goes to the host's settings (<c>--Key=value</c>).</summary>
    public static Arguments Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            throw new CommandLineException(Usage);
        }

        string? department = null, asOf = null, output = null;
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--department":
                    department = Value(args, ++i, "--department");
                    break;
                case "--as-of":
                    asOf = Value(args, ++i, "--as-of");
                    break;
                case "--out":
                    output = Value(args, ++i, "--out");
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return new Arguments(args[0], department, asOf, output ?? throw new CommandLineException($"Say where to write: --out <dir>.\n{Usage}"), [.. rest]);
    }

    private static string Value(string[] args, int index, string name) =>
        index < args.Length ? args[index] : throw new CommandLineException($"{name} needs a value.\n{Usage}");
}
