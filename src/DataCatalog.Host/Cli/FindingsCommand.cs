using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DataCatalog.Core.Findings;
using DataCatalog.Harvesting.Scoring;
using DataCatalog.Persistence.Embedded;

namespace DataCatalog.Host.Cli;

/// <summary><c>findings list|waive|acknowledge|assign|reopen</c>: stewards' follow-up of failed rules from the command line; each action is an audit event (role <c>cli</c>).</summary>
public static class FindingsCommand
{
    /// <summary>The <c>findings</c> verb group.</summary>
    public static Command Create()
    {
        var findings = new Command("findings", "Failed rules to follow up: list them, or waive, acknowledge, assign, reopen or resolve one.");

        var department = new Option<string>("--department") { Description = "Only this department's findings (transport…).", HelpName = "code" };
        var dataset = new Option<string>("--dataset") { Description = "Only this dataset's findings.", HelpName = "schema.table" };
        var status = new Option<FindingStatus?>("--status")
        {
            Description = $"Only findings in this status: {string.Join('|', StatusNames)}.",
            HelpName = "status",
            CustomParser = ParseStatus,
        };
        var list = new Command("list", "List findings, with id, status, severity, dataset, rule and how many values fail.") { department, dataset, status };
        list.SetAction((parse, cancellationToken) =>
            ListAsync(parse.GetValue(department), parse.GetValue(dataset), parse.GetValue(status), CatalogCommandLine.HostArgs(parse), cancellationToken));
        findings.Subcommands.Add(list);

        findings.Subcommands.Add(Act(FindingAction.Waive, "waive", "Waive a finding until a date, with a reason (required, as are --until and --by)."));
        findings.Subcommands.Add(Act(FindingAction.Acknowledge, "acknowledge", "Acknowledge a finding: someone is on it."));
        findings.Subcommands.Add(Act(FindingAction.Assign, "assign", "Assign a finding to someone (--to and --by required)."));
        findings.Subcommands.Add(Act(FindingAction.Reopen, "reopen", "Reopen a resolved or waived finding."));
        findings.Subcommands.Add(Act(FindingAction.Resolve, "resolve", "Resolve a finding: the data was fixed."));
        return findings;
    }

    private static IEnumerable<string> StatusNames => Enum.GetNames<FindingStatus>().Select(n => n.ToLowerInvariant());

    private static FindingStatus? ParseStatus(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (Enum.TryParse<FindingStatus>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(text[0]))
        {
            return parsed;
        }

        result.AddError($"Unknown status '{text}'; use one of {string.Join(", ", StatusNames)}.");
        return null;
    }

    // One subcommand per action: each takes only the options its action uses. The rules (who, reason and expiry of a
    // waiver, a date still to come) are FindingActions', which answers exit 1 as it always did.
    private static Command Act(FindingAction action, string name, string description)
    {
        var id = new Argument<long>("id")
        {
            Description = "The finding's id (from 'findings list').",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                result.AddError($"Give the finding's id (from 'findings list'): findings {name} <id> …; '{text}' is not one.");
                return 0;
            },
        };
        var by = new Option<string>("--by") { Description = "Who acts (required).", HelpName = "name" };
        var command = new Command(name, description) { id, by };
        Option<string>? note = null;
        Option<DateOnly?>? until = null;
        Option<string>? to = null;
        if (action == FindingAction.Waive)
        {
            note = new Option<string>("--reason") { Description = "Why the finding is waived (required).", HelpName = "text" };
            until = new Option<DateOnly?>("--until")
            {
                Description = "The last day of the waiver, YYYY-MM-DD (required; after it the finding is open again).",
                HelpName = "YYYY-MM-DD",
                CustomParser = ParseDay,
            };
            command.Options.Add(note);
            command.Options.Add(until);
        }
        else
        {
            note = new Option<string>("--note") { Description = "A note recorded with the action.", HelpName = "text" };
            command.Options.Add(note);
        }

        if (action == FindingAction.Assign)
        {
            to = new Option<string>("--to") { Description = "Whom the finding is assigned to (required).", HelpName = "name" };
            command.Options.Add(to);
        }

        command.SetAction((parse, cancellationToken) => ActAsync(
            name, parse.GetValue(id), action, parse.GetValue(by), parse.GetValue(note), until is null ? null : parse.GetValue(until),
            to is null ? null : parse.GetValue(to), CatalogCommandLine.HostArgs(parse), cancellationToken));
        return command;
    }

    private static DateOnly? ParseDay(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        result.AddError($"--until takes a date as YYYY-MM-DD, e.g. 2026-12-31; '{text}' is not one.");
        return null;
    }

    private static async Task<int> ListAsync(string? department, string? dataset, FindingStatus? status, string[] hostArgs, CancellationToken cancellationToken)
    {
        var builder = CatalogServices.CreateBuilder(hostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, cancellationToken);
        await using var app = builder.Build();
        var rows = await app.Services.GetRequiredService<FindingActions>().ListAsync(department, dataset, status, cancellationToken);
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

    private static async Task<int> ActAsync(string verb, long id, FindingAction action, string? by, string? note, DateOnly? until, string? to,
        string[] hostArgs, CancellationToken cancellationToken)
    {
        var builder = CatalogServices.CreateBuilder(hostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, cancellationToken);
        await using var app = builder.Build();
        var error = await app.Services.GetRequiredService<FindingActions>().ActAsync(id, action, by ?? "", note, until, to, cancellationToken);
        if (error is not null)
        {
            await Console.Error.WriteLineAsync(error);
            return 1;
        }

        Console.WriteLine($"Finding #{id}: {verb} recorded.");
        return 0;
    }
}
