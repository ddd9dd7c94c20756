using DataCatalog.Core.Reports;
using DataCatalog.Persistence.Reports;

namespace DataCatalog.Api.Reports;

/// <summary>Who asked for an export, as the audit trail records it.</summary>
public sealed record ReportRequester(string Actor, string Role, string? RequestId);

/// <summary>
/// Exports reports for the CLI and the HTTP endpoint alike: checks the kind and the scope, writes the files through
/// <see cref="ReportExporter"/> and records each completed export as an audit event.
/// </summary>
public sealed class ReportExports(ReportExporter exporter, ReportExportAudit audit, TimeProvider clock)
{
    /// <summary>The kind and scope of a request, or the error a user sees (naming the parameter and the fix).</summary>
    public (ReportKind? Kind, ReportScope? Scope, string? Error) Resolve(string? kind, string? department, string? asOf, string asOfName)
    {
        var found = ReportKinds.Find(kind);
        if (found is null)
        {
            return (null, null, ReportKinds.Unknown(kind));
        }

        var day = ReportScope.ParseAsOf(asOf, asOfName, out var error);
        return error is not null ? (found, null, error) : (found, ReportScope.For(department, day, clock.GetUtcNow()), null);
    }

    /// <summary>Writes the CSV and the manifest into <paramref name="folder"/> (temporary files renamed when complete).</summary>
    public async Task<ReportManifest> ExportToFolderAsync(ReportKind kind, ReportScope scope, string folder, ReportRequester by, CancellationToken cancellationToken)
    {
        var manifest = await exporter.WriteFolderAsync(kind, scope, folder, cancellationToken);
        await audit.RecordAsync(manifest, by, cancellationToken);
        return manifest;
    }

    /// <summary>Streams the CSV into <paramref name="output"/>; the export is recorded once the last byte is written.</summary>
    public async Task<ReportManifest> StreamCsvAsync(ReportKind kind, ReportScope scope, Stream output, ReportRequester by, CancellationToken cancellationToken)
    {
        var file = await exporter.WriteCsvAsync(kind, scope, output, cancellationToken);
        var manifest = ReportExporter.Manifest(kind, scope, file);
        await audit.RecordAsync(manifest, by, cancellationToken);
        return manifest;
    }

    /// <summary>The manifest of exactly the CSV <see cref="StreamCsvAsync"/> would send (the CSV is produced and hashed, not kept).</summary>
    public async Task<byte[]> ManifestAsync(ReportKind kind, ReportScope scope, CancellationToken cancellationToken)
    {
        var file = await exporter.WriteCsvAsync(kind, scope, Stream.Null, cancellationToken);
        return ReportExporter.ManifestBytes(ReportExporter.Manifest(kind, scope, file));
    }
}
