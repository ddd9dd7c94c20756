using System.Globalization;
using DataCatalog.Core.Findings;
using DataCatalog.Harvesting.Scoring;
using DataCatalog.Persistence.Embedded;

namespace DataCatalog.Host.Cli;

/// <summary><c>findings list|waive|acknowledge|assign|reopen|resolve</c>: stewards' follow-up of failed rules from the command line; each action is an audit event (role <c>cli</c>).</summary>
internal static class FindingsCommand
{
    public const string Usage = """
        Usage: findings list [--department <code>] [--dataset <schema.table>] [--status open|acknowledged|assigned|resolved|waived]
               findings waive <id> --reason "…" --until YYYY-MM-DD --by <name>
               findings acknowledge <id> --by <name> [--note "…"]
               findings assign <id> --to <name> --by <name> [--note "…"]
               findings reopen <id> --by <name> [--note "…"]
               findings resolve <id> --by <name> [--note "…"]
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            throw new CommandLineException(Usage);
        }

        var (options, rest) = Options(args[1..]);
        var builder = CatalogServices.CreateBuilder(rest.Skip(args[0] == "list" ? 0 : 1).ToArray());
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, CancellationToken.None);
        await using var app = builder.Build();
        var findings = app.Services.GetRequiredService<FindingActions>();
        if (args[0] == "list")
        {
            FindingStatus? status = options.TryGetValue("status", out var s)
                ? Enum.TryParse<FindingStatus>(s, ignoreCase: true, out var parsed) ? parsed : throw new CommandLineException($"Unknown status '{s}'.\n{Usage}")
                : null;
            var rows = await findings.ListAsync(options.GetValueOrDefault("department"), options.GetValueOrDefault("dataset"), status, CancellationToken.None);
            foreach (var row in rows)
            {
                Console.WriteLine($"#{row.Id} [{row.Status.ToString().ToLowerInvariant()}] {row.Severity.ToLowerInvariant()} {row.Department}/{row.SourceId} {row.Dataset}"
                                  + $"{(row.Column is null ? "" : "." + row.Column)} {row.RuleId}: {row.Failing} of {row.Examined} fail — {row.Message}"
                                  + (row.WaivedUntil is { } expiry ? $" (waived until {expiry:yyyy-MM-dd})" : "")
                                  + (row.AssignedTo is { } to ? $" (assigned to {to})" : ""));
            }

            Console.WriteLine($"{rows.Count} finding(s).");
            return 0;
        }

        var action = args[0] switch
        {
            "waive" => FindingAction.Waive,
            "acknowledge" => FindingAction.Acknowledge,
            "assign" => FindingAction.Assign,
            "reopen" => FindingAction.Reopen,
            "resolve" => FindingAction.Resolve,
            _ => throw new CommandLineException($"Unknown findings command '{args[0]}'.\n{Usage}"),
        };
        if (rest.Count == 0 || !long.TryParse(rest[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
        {
            throw new CommandLineException($"Give the finding's id (from 'findings list'): findings {args[0]} <id> ….");
        }

        DateOnly? until = null;
        if (options.TryGetValue("until", out var text))
        {
            until = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day : throw new CommandLineException($"--until takes a date as YYYY-MM-DD, e.g. 2026-12-31; '{text}' is not one.");
        }

        var error = await findings.ActAsync(id, action, options.GetValueOrDefault("by") ?? "", options.GetValueOrDefault("reason") ?? options.GetValueOrDefault("note"),
            until, options.GetValueOrDefault("to"), CancellationToken.None);
        if (error is not null)
        {
            await Console.Error.WriteLineAsync(error);
            return 1;
        }

        Console.WriteLine($"Finding #{id}: {args[0]} recorded.");
        return 0;
    }

    private static (Dictionary<string, string> Options, List<string> Positional) Options(string[] args)
    {
        string[] known = ["department", "dataset", "status", "reason", "until", "by", "to", "note"];
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is not null && known.Contains(name))
            {
                options[name] = i + 1 < args.Length ? args[++i] : throw new CommandLineException($"--{name} needs a value.\n{Usage}");
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return (options, rest);
    }
}
