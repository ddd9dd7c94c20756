using DataCatalog.Persistence.Reports;

namespace DataCatalog.Api.Reports;

/// <summary>Records an export in the audit trail (action <c>report.export</c>, target the report kind and scope, the manifest as "after").</summary>
public sealed class ReportExportAudit
{
    /// <summary>Appends the audit event of one completed export.</summary>
    public Task RecordAsync(ReportManifest manifest, ReportRequester by, CancellationToken cancellationToken)
    {
        // helper/audit's AuditTrail.AppendAsync writes it once that branch is merged (contracts.md).
        _ = (manifest, by);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }
}
