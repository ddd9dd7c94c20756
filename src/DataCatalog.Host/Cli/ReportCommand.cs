using System.CommandLine;
using DataCatalog.Api.Reports;
using DataCatalog.Core.Reports;
using DataCatalog.Persistence.Embedded;

namespace DataCatalog.Host.Cli;

/// <summary><c>report &lt;kind&gt; [--department &lt;code&gt;] [--as-of YYYY-MM-DD] --out &lt;dir&gt;</c>: writes a report's CSV and manifest.json.</summary>
public static class ReportCommand
{
    /// <summary>The <c>report</c> verb.</summary>
    public static Command Create()
    {
        var kinds = ReportKinds.All.Select(k => k.Kind).ToArray();
        var kind = new Argument<string>("kind") { Description = $"The report: {string.Join(", ", kinds)}." };
        kind.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !kinds.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"Unknown report '{value}'; use one of {string.Join(", ", kinds)}.");
            }
        });
        var department = new Option<string>("--department") { Description = "Only this department (default: the whole city).", HelpName = "code" };
        var asOf = new Option<string>("--as-of") { Description = "The day the report shows, in KST (default: today).", HelpName = "YYYY-MM-DD" };
        var output = new Option<string>("--out") { Description = "The folder the CSV and manifest.json are written to.", HelpName = "dir", Required = true };
        var report = new Command("report", """
            Write a compliance report (CSV, UTF-8 with BOM) and its manifest.json (row counts, SHA-256 of each file) into a
            folder; the export is an audit event. Files appear only when complete.
            """)
        {
            kind, department, asOf, output,
        };
        report.SetAction((parse, cancellationToken) => ExportAsync(
            parse.GetValue(kind)!, parse.GetValue(department), parse.GetValue(asOf), parse.GetValue(output)!, CatalogCommandLine.HostArgs(parse), cancellationToken));
        return report;
    }

    private static async Task<int> ExportAsync(string kindName, string? department, string? asOf, string output, string[] hostArgs, CancellationToken cancellationToken)
    {
        var builder = CatalogServices.CreateBuilder(hostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, cancellationToken);
        await using var app = builder.Build();
        var exports = app.Services.GetRequiredService<ReportExports>();
        var (kind, scope, error) = exports.Resolve(kindName, department, asOf, "--as-of");
        if (kind is null || scope is null)
        {
            throw new CommandLineException(error ?? $"Cannot export '{kindName}'.");
        }

        // The operator at the console is the catalog's administrator: the CLI holds the database itself.
        var by = new ReportRequester($"cli:{Environment.UserName}", "admin", null);
        using var stop = new CtrlC(cancellationToken);
        var manifest = await exports.ExportToFolderAsync(kind, scope, Path.GetFullPath(output), by, stop.Token);
        foreach (var file in manifest.Files)
        {
            Console.WriteLine($"{Path.Combine(output, file.Name)}: {file.Rows} row(s), sha256 {file.Sha256}");
        }

        Console.WriteLine($"{Path.Combine(output, "manifest.json")}: {manifest.Kind} for {manifest.Scope} as of {manifest.AsOf}");
        return 0;
    }
}
