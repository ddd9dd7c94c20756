using DataCatalog.Persistence;
using DataCatalog.Persistence.Audit;
using DataCatalog.Persistence.Reports;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Api.Reports;

/// <summary>Records an export in the audit trail: action <c>report.export</c>, target the report kind, its manifest (scope, day, hashes) as "after".</summary>
public sealed class ReportExportAudit(IDbContextFactory<CatalogDbContext> contexts, TimeProvider clock)
{
    /// <summary>The audit action of an export.</summary>
    public const string Action = "report.export";

    /// <summary>Appends the audit event of one completed export in a transaction of its own.</summary>
    public async Task RecordAsync(ReportManifest manifest, ReportRequester by, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var department = manifest.Scope == "city" ? null : manifest.Scope;
        await AuditTrail.AppendAsync(db, new AuditEntry(clock.GetUtcNow(), by.Actor, by.Role, department, Action, "report", manifest.Kind, null, manifest, by.RequestId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
