using System.CommandLine;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Embedded;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Host.Cli;

/// <summary><c>audit verify</c>: walks the audit chain; exit 0 when intact, 1 naming the first broken event.</summary>
public static class AuditCommand
{
    /// <summary>The <c>audit</c> verb group.</summary>
    public static Command Create()
    {
        var audit = new Command("audit", "The audit trail: every change, waiver, harvest request and export, hash-chained.");
        var verify = new Command("verify", "Walk the audit trail's hash chain in order; exit 0 when intact, 1 naming the first broken event.");
        verify.SetAction((parse, cancellationToken) => VerifyAsync(CatalogCommandLine.HostArgs(parse), cancellationToken));
        audit.Subcommands.Add(verify);
        return audit;
    }

    private static async Task<int> VerifyAsync(string[] hostArgs, CancellationToken cancellationToken)
    {
        var builder = CatalogServices.CreateBuilder(hostArgs);
        await using var database = await CatalogServices.AddCatalogAsync(builder, ClusterRole.Cli, cancellationToken);
        await using var app = builder.Build();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var status = await AuditChainVerifier.VerifyAsync(db, cancellationToken);
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
