using System.Text.Json;
using DataCatalog.Core.Findings;
using DataCatalog.Harvesting.Scoring;
using DataCatalog.Harvesting.Sources;
using DataCatalog.Harvesting.Tests.Scoring;
using DataCatalog.Persistence.Audit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataCatalog.Harvesting.Tests.Audit;

/// <summary>Every change path writes its audit event in the change's own transaction: no change commits without it.</summary>
public sealed class AuditedChangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    // 10 rows, 2 of them with an impossible date: one calendar-date finding on public.permit.
    private const string Permits = """
        CREATE TABLE permit (permit_id int PRIMARY KEY, issue_ymd char(8));
        INSERT INTO permit SELECT g, CASE WHEN g % 5 = 0 THEN '20231301' ELSE '20230115' END FROM generate_series(1, 10) g;
        """;

    private static readonly AuditActor Kim = new("김민수", "steward", "req-7");

    [Fact]
    public async Task A_waiver_is_one_audit_event_with_the_finding_before_and_after_and_the_same_waiver_again_is_none()
    {
        await using var harness = await ScoringHarness.CreateAsync(Now);
        var id = await FindingAsync(harness);
        var request = new FindingRequest(FindingAction.Waive, "달력 정비 예정", new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero));

        var first = await harness.Findings.ActAsync(id, request, Kim, code => code == "transport", default);
        var again = await harness.Findings.ActAsync(id, request, Kim, code => code == "transport", default);

        Assert.Equal(new FindingActOutcome(FindingActStatus.Done, null, true), first);
        Assert.Equal(new FindingActOutcome(FindingActStatus.Done, null, false), again);
        await using var db = harness.Catalog();
        var audit = Assert.Single(await db.AuditEvents.ToListAsync());
        Assert.Equal(("김민수", "steward", "transport", "finding.waive", "finding", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "req-7"),
            (audit.Actor, audit.Role, audit.Department, audit.Action, audit.TargetKind, audit.TargetId, audit.RequestId));
        using var before = JsonDocument.Parse(audit.Before!);
        using var after = JsonDocument.Parse(audit.After!);
        Assert.Equal("open", before.RootElement.GetProperty("status").GetString());
        Assert.Equal(("waived", "달력 정비 예정", "김민수"),
            (after.RootElement.GetProperty("status").GetString(), after.RootElement.GetProperty("waiverReason").GetString(), after.RootElement.GetProperty("waivedBy").GetString()));
        Assert.True((await AuditChainVerifier.VerifyAsync(db, default)).Intact);
    }

    [Fact]
    public async Task A_steward_of_another_department_changes_nothing_and_writes_no_event()
    {
        await using var harness = await ScoringHarness.CreateAsync(Now);
        var id = await FindingAsync(harness);

        var outcome = await harness.Findings.ActAsync(id, new FindingRequest(FindingAction.Acknowledge, null), Kim, code => code == "welfare", default);

        Assert.Equal(FindingActStatus.Forbidden, outcome.Status);
        Assert.Equal($"Finding {id} belongs to department 'transport', which you do not steward.", outcome.Error);
        await using var db = harness.Catalog();
        Assert.Equal(FindingStatus.Open, (await db.Findings.SingleAsync(f => f.Id == id)).Status);
        Assert.Equal(0, await db.AuditEvents.CountAsync());
    }

    [Fact]
    public async Task A_finding_action_whose_audit_event_cannot_be_written_changes_nothing()
    {
        await using var harness = await ScoringHarness.CreateAsync(Now);
        var id = await FindingAsync(harness);
        await RefuseAuditInsertsAsync(harness.CatalogConnectionString);
        await using var db = harness.Catalog();
        var eventsBefore = await db.FindingEvents.CountAsync(e => e.FindingId == id);

        var error = await Assert.ThrowsAsync<PostgresException>(() => harness.Findings.ActAsync(
            id, new FindingRequest(FindingAction.Assign, "이번 주 안에", Assignee: "박지훈"), Kim, null, default));

        Assert.Equal("audit insert refused by the test", error.MessageText);
        var finding = await db.Findings.AsNoTracking().SingleAsync(f => f.Id == id);
        Assert.Equal((FindingStatus.Open, (string?)null), (finding.Status, finding.AssignedTo));
        Assert.Equal(eventsBefore, await db.FindingEvents.CountAsync(e => e.FindingId == id));
    }

    [Fact]
    public async Task A_rule_set_applied_is_an_audit_event_and_applying_it_unchanged_is_none_and_a_failed_event_stores_nothing()
    {
        await using var harness = await ScoringHarness.CreateAsync(Now);
        var folder = Directory.CreateTempSubdirectory("datacatalog-audit-rules-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "transport.json"),
                """{ "name": "transport", "extends": "city-default", "rules": [ { "id": "uniqueness.primary-key", "enabled": false } ] }""");
            var admin = new AuditActor("admin", "admin");

            var (first, _) = await harness.RuleSets.ApplyAsync(folder.FullName, admin, default);
            var (second, _) = await harness.RuleSets.ApplyAsync(folder.FullName, admin, default);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "transport.json"),
                """{ "name": "transport", "extends": "city-default", "rules": [ { "id": "uniqueness.unique", "enabled": false } ] }""");
            await RefuseAuditInsertsAsync(harness.CatalogConnectionString);
            await Assert.ThrowsAsync<PostgresException>(() => harness.RuleSets.ApplyAsync(folder.FullName, admin, default));

            Assert.True(first.Succeeded && second.Succeeded);
            await using var db = harness.Catalog();
            var audit = Assert.Single(await db.AuditEvents.ToListAsync());
            Assert.Equal(("ruleset.create", "rule-set", "transport", (string?)null), (audit.Action, audit.TargetKind, audit.TargetId, audit.Before));
            Assert.Contains("uniqueness.primary-key", (await db.RuleSets.SingleAsync(r => r.Name == "transport")).Json, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Applying_sources_writes_an_event_per_department_and_source_and_nothing_is_applied_when_the_event_fails()
    {
        await using var harness = await ScoringHarness.CreateAsync(Now);
        var loader = await SourceFileLoader.CreateAsync();
        var files = loader.LoadTexts([("parks.json", """
            {"department": {"code": "parks", "name": "공원녹지과"},
             "sources": [{"id": "parks-db", "kind": "postgres", "name": "공원 DB", "connection": {"env": "DATACATALOG_SOURCE_PARKS"}, "schedule": "0 0 3 * * ?"}]}
            """)]).Sources!;
        var writer = harness.Services<SourceCatalogWriter>();
        var other = loader.LoadTexts([("roads.json", """
            {"department": {"code": "roads", "name": "도로과"},
             "sources": [{"id": "roads-db", "kind": "postgres", "name": "도로 DB", "connection": {"env": "DATACATALOG_SOURCE_ROADS"}, "schedule": "0 0 3 * * ?"}]}
            """)]).Sources!;

        await writer.ApplyAsync(files, new AuditActor("admin", "admin"), default);
        await writer.ApplyAsync(files, new AuditActor("admin", "admin"), default);
        await RefuseAuditInsertsAsync(harness.CatalogConnectionString);
        await Assert.ThrowsAsync<PostgresException>(() => writer.ApplyAsync(other, new AuditActor("admin", "admin"), default));

        await using var db = harness.Catalog();
        Assert.Equal(["department.create parks", "source.create parks-db"],
            await db.AuditEvents.OrderBy(e => e.Id).Select(e => e.Action + " " + e.TargetId).ToListAsync());
        Assert.False(await db.Departments.AnyAsync(d => d.Code == "roads"));
        Assert.False(await db.Sources.AnyAsync(s => s.Id == "roads-db"));
    }

    private static async Task<long> FindingAsync(ScoringHarness harness)
    {
        await harness.AddPostgresSourceAsync("permits-db", "transport", Permits);
        await harness.Runner.RunAsync("permits-db", "test", default);
        var finding = (await harness.Findings.ListAsync(null, "public.permit", null, default)).Single(f => f.RuleId == "validity.calendar-date");
        return finding.Id;
    }

    /// <summary>Makes every append fail, as a full disk or a lost privilege would, to see what commits without its event.</summary>
    private static async Task RefuseAuditInsertsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            CREATE FUNCTION refuse_audit_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit insert refused by the test'; END $$;
            CREATE TRIGGER refuse_audit_insert BEFORE INSERT ON "audit_events" FOR EACH ROW EXECUTE FUNCTION refuse_audit_insert();
            """, connection);
        await command.ExecuteNonQueryAsync();
    }
}
