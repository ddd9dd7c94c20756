using DataCatalog.Persistence;
using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Embedded;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Host.Cli;

/// <summary><c>audit verify</c>: walks the audit chain; exit 0 when intact, 1 naming the first broken event.</summary>
internal static class AuditCommand
{
    public const string Usage = """
        Usage: audit verify
            Walk the audit trail's hash chain in order; exit 0 when intact, 1 naming the first broken event.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "verify")
        {
            throw new CommandLineException(args.Length == 0 ? Usage : $"Unknown audit command '{args[0]}'.\n{Usage}");
        }

        var builder = CatalogServices.CreateBuilder(args[1..]);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, CancellationToken.None);
        await using var app = builder.Build();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var status = await AuditChainVerifier.VerifyAsync(db, CancellationToken.None);
        return Report(status, Console.Out, Console.Error);
    }

    /// <summary>Prints <paramref name="status"/> and returns the exit code.</summary>
    public static int Report(AuditChainStatus status, TextWriter output, TextWriter error)
    {
        if (status.Intact)
        {
            output.WriteLine(status.Events == 0
                ? "Audit chain intact: no events yet."
                : $"Audit chain intact: {status.Events} event(s); head hash {status.HeadHash} (keep it elsewhere to detect events removed from the end).");
            return 0;
        }

        error.WriteLine($"Audit chain broken at event {status.FirstBrokenEventId} ({status.Events} event(s) before it verified): {status.Problem}.");
        return 1;
    }
}
