using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataCatalog.Api.Reports;
using DataCatalog.Core.Reports;
using DataCatalog.Persistence.Audit;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Api.Tests.Reports;

public sealed class ReportsOverHttpTests(ReportApiServer server) : IClassFixture<ReportApiServer>
{
    private const string RuleFailuresAsOf = "/reports/rule-failures?department=TRN&asOf=2026-04-15";

    [Theory]
    [InlineData("steward", HttpStatusCode.Forbidden, "FORBIDDEN")]
    [InlineData("analyst", HttpStatusCode.Forbidden, "FORBIDDEN")]
    [InlineData(null, HttpStatusCode.Unauthorized, "UNAUTHENTICATED")]
    public async Task Only_auditors_and_admins_export(string? role, HttpStatusCode status, string code)
    {
        using var response = await server.GetAsync(RuleFailuresAsOf, role is null ? null : server.Token(role, "TRN"));
        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, body.RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("admin")]
    public async Task An_auditor_or_admin_downloads_the_csv_and_its_manifest_names_the_same_hash(string role)
    {
        var token = server.Token(role);
        using var csv = await server.GetAsync(RuleFailuresAsOf, token);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment; filename=\"rule-failures-TRN-2026-04-15.csv\"", csv.Content.Headers.ContentDisposition?.ToString());
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(9, ReportExportTests.Read(bytes).Count);

        using var manifest = await server.GetAsync(RuleFailuresAsOf + "&file=manifest", token);
        using var json = JsonDocument.Parse(await manifest.Content.ReadAsStringAsync());
        var file = json.RootElement.GetProperty("files")[0];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.GetProperty("sha256").GetString());
        Assert.Equal(8, file.GetProperty("rows").GetInt64());
        Assert.Equal("rule-failures", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("TRN", json.RootElement.GetProperty("scope").GetString());
        Assert.Equal("2026-04-15", json.RootElement.GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task Each_download_is_an_audit_event_with_its_manifest()
    {
        using var response = await server.GetAsync("/reports/waivers?asOf=2026-04-15", server.Token("auditor"));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        await using var db = TestPostgres.Context(server.ConnectionString);
        var events = await db.AuditEvents.Where(e => e.Action == ReportExportAudit.Action && e.TargetId == ReportKinds.Waivers).ToListAsync();
        var recorded = Assert.Single(events);
        Assert.Equal(("dev:test-auditor", "auditor", "report"), (recorded.Actor, recorded.Role, recorded.TargetKind));
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(bytes)), recorded.After, StringComparison.Ordinal);
        Assert.True((await AuditChainVerifier.VerifyAsync(db, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task An_unknown_kind_or_a_malformed_day_is_refused_with_the_fix()
    {
        var token = server.Token("admin");
        using var unknown = await server.GetAsync("/reports/everything", token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("compliance, rule-failures, waivers, pii-inventory, standard-terms, audit-trail", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var day = await server.GetAsync("/reports/waivers?asOf=April", token);
        Assert.Equal(HttpStatusCode.BadRequest, day.StatusCode);
        Assert.Contains("asOf takes a date as YYYY-MM-DD", await day.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GraphQL_lists_the_six_reports_and_their_parameters()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = new StringContent("""{"query":"{ reports { kind title parameters } }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.Token("analyst"));
        using var response = await server.Client.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var reports = body.RootElement.GetProperty("data").GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal(["compliance", "rule-failures", "waivers", "pii-inventory", "standard-terms", "audit-trail"], reports.Select(r => r.GetProperty("kind").GetString()));
        Assert.All(reports, r => Assert.Equal(["department", "asOf"], r.GetProperty("parameters").EnumerateArray().Select(p => p.GetString())));
    }
}

/// <summary>A forged audit row (its own catalog: the chain stays broken).</summary>
public sealed class AuditTrailReportTests(ReportApiServer server) : IClassFixture<ReportApiServer>
{
    [Fact]
    public async Task The_audit_trail_report_says_the_chain_is_broken_from_a_forged_row_on()
    {
        var admin = server.Token("admin");
        // Three exports make three audit events.
        foreach (var kind in new[] { "waivers", "pii-inventory", "standard-terms" })
        {
            using var export = await server.GetAsync($"/reports/{kind}?asOf=2026-04-15", admin);
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        }

        var today = ReportScope.For(null, null, DateTimeOffset.UtcNow).AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using (var intact = await server.GetAsync($"/reports/audit-trail?asOf={today}", admin))
        {
            var rows = ReportExportTests.Read(await intact.Content.ReadAsByteArrayAsync());
            Assert.Equal(4, rows.Count);
            Assert.All(rows.Skip(1), r => Assert.Equal("intact", r[12]));
        }

        // What an attacker with the owner's rights does: the trigger off, a row changed, the trigger back on.
        await using (var db = TestPostgres.Context(server.ConnectionString))
        {
            await db.Database.ExecuteSqlRawAsync("""
                ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_append_only";
                UPDATE "audit_events" SET "actor" = 'someone-else' WHERE "id" = 2;
                ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_append_only";
                """);
        }

        using var broken = await server.GetAsync($"/reports/audit-trail?asOf={today}", admin);
        var after = ReportExportTests.Read(await broken.Content.ReadAsByteArrayAsync());
        Assert.Equal(5, after.Count); // the previous audit-trail export is an event too
        Assert.Equal(["1", "intact"], new[] { after[1][0], after[1][12] });
        Assert.Equal("2", after[2][0]);
        Assert.StartsWith("broken: the chain breaks at event 2", after[2][12], StringComparison.Ordinal);
        Assert.All(after.Skip(3), r => Assert.StartsWith("broken:", r[12], StringComparison.Ordinal));
    }
}
