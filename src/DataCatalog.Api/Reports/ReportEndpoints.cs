using System.Text.Json;
using DataCatalog.Api.Access;
using DataCatalog.Core.Access;
using DataCatalog.Persistence.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Api.Reports;

/// <summary><c>GET /reports/{kind}?department=&amp;asOf=YYYY-MM-DD&amp;file=data|manifest</c> for auditors and admins (contracts.md).</summary>
public static class ReportEndpoints
{
    /// <summary>Maps the report downloads.</summary>
    public static IEndpointConventionBuilder MapReportEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "/reports") =>
        endpoints.MapGet(prefix + "/{kind}", HandleAsync).WithDisplayName("Reports");

    private static async Task HandleAsync(HttpContext http, string kind)
    {
        var principal = CatalogPrincipal.FromClaims(http.User);
        if (!principal.IsAuthenticated)
        {
            await ErrorAsync(http, StatusCodes.Status401Unauthorized, AccessErrors.Unauthenticated, "Reports need a bearer token of an auditor or an admin.");
            return;
        }

        // Admin before auditor: the audit trail records the stronger role a token used.
        var role = principal.IsAdmin ? CatalogRoles.Admin : principal.IsAuditor ? CatalogRoles.Auditor : null;
        if (role is null)
        {
            await ErrorAsync(http, StatusCodes.Status403Forbidden, AccessErrors.Forbidden, "Only auditors and admins export reports.");
            return;
        }

        var exports = http.RequestServices.GetRequiredService<ReportExports>();
        var query = http.Request.Query;
        var (found, scope, error) = exports.Resolve(kind, query["department"], query["asOf"], "asOf");
        if (found is null || scope is null)
        {
            await ErrorAsync(http, found is null ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, found is null ? "NOT_FOUND" : "BAD_REQUEST", error!);
            return;
        }

        var file = query["file"].ToString();
        if (file is "manifest")
        {
            var manifest = await exports.ManifestAsync(found, scope, http.RequestAborted);
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.Body.WriteAsync(manifest, http.RequestAborted);
            return;
        }

        if (file is not ("" or "data"))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, "BAD_REQUEST", $"file is 'data' (the CSV, default) or 'manifest'; '{file}' is neither.");
            return;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{ReportExporter.FileName(found, scope)}\"";
        var by = new ReportRequester(principal.Subject ?? principal.Name ?? "unknown", role, http.TraceIdentifier);
        try
        {
            await exports.StreamCsvAsync(found, scope, http.Response.Body, by, http.RequestAborted);
        }
        catch (Exception ex) when (http.Response.HasStarted && ex is not OperationCanceledException)
        {
            // The status line is gone: cutting the connection is the only way to tell the client the file is incomplete
            // (a chunked response without its last chunk), so no one keeps half a report as if it were whole.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReportEndpoints))
                .LogError(ex, "Report {Kind} failed after its first bytes; the download was cut", found.Kind);
            http.Abort();
        }
    }

    private static async Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(JsonSerializer.Serialize(new { code, message }), http.RequestAborted);
    }
}
