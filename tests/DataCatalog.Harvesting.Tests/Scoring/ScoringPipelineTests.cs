using DataCatalog.Core.Findings;
using DataCatalog.Core.Scoring;
using DataCatalog.Harvesting.Tests.Pipeline;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Harvesting.Tests.Scoring;

public sealed class ScoringPipelineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    // 200 cameras: 13 impossible install dates (8 in month 13, 5 on 30 February), 10 lower-case flags, 4 swapped points.
    // 100 repairs: 10 name a camera that does not exist (the key was added NOT VALID), 4 end before they start.
    private const string Safety = """
        CREATE TABLE cctv (cctv_id int PRIMARY KEY, instl_ymd char(8), la numeric(10, 7), lo numeric(10, 7), opn_yn char(1));
        COMMENT ON TABLE cctv IS 'CCTV 설치 현황';
        INSERT INTO cctv
        SELECT g,
               CASE WHEN g % 25 = 0 THEN '20231301' WHEN g % 40 = 7 THEN '20230230' ELSE '20230115' END,
               CASE WHEN g % 50 = 0 THEN 127.0 ELSE 37.5 END,
               CASE WHEN g % 50 = 0 THEN 37.5 ELSE 127.0 END,
               CASE WHEN g % 20 = 0 THEN 'y' ELSE 'Y' END
        FROM generate_series(1, 200) g;
        CREATE TABLE repair (repair_id int PRIMARY KEY, cctv_id int, start_ymd char(8), end_ymd char(8));
        INSERT INTO repair
        SELECT g, CASE WHEN g % 10 = 0 THEN 9000 + g ELSE g END,
               '20240110', CASE WHEN g % 25 = 0 THEN '20240105' ELSE '20240120' END
        FROM generate_series(1, 100) g;
        ALTER TABLE repair ADD CONSTRAINT repair_cctv FOREIGN KEY (cctv_id) REFERENCES cctv NOT VALID;
        """;

    private const string SafetyRules = """
        {
          "name": "safety", "extends": "city-default",
          "rules": [
            { "id": "consistency.repair-order", "dimension": "consistency", "kind": "column-order",
              "target": { "datasets": { "names": ["public.repair"] } },
              "parameters": { "columns": ["start_ymd", "end_ymd"] }, "threshold": { "error": 1 }, "severity": "error" },
            { "id": "uniqueness.primary-key", "enabled": false }
          ]
        }
        """;

    private static async Task<RuleResult> Result(ScoringHarness harness, string dataset, string ruleId, string? column = null)
    {
        await using var db = harness.Catalog();
        var id = await db.Datasets.Where(d => d.QualifiedName == dataset).Select(d => d.Id).SingleAsync();
        var lastRun = await db.RuleResults.Where(r => r.DatasetId == id).MaxAsync(r => r.HarvestRunId);
        return await db.RuleResults.SingleAsync(r => r.DatasetId == id && r.HarvestRunId == lastRun && r.RuleId == ruleId && r.ColumnName == column);
    }

    [Fact]
    public async Task Row_rules_are_counted_over_every_row_at_the_source_with_masked_examples()
    {
        await using var harness = await ScoringHarness.CreateAsync(Now);
        await harness.AddPostgresSourceAsync("safety-db", "safety", Safety);

        await harness.Runner.RunAsync("safety-db", "test", default);

        var dates = await Result(harness, "public.cctv", "validity.calendar-date", "instl_ymd");
        Assert.Equal((200L, 13L, RuleStatus.Failed, true), (dates.Examined, dates.Failing, dates.Status, dates.Exhaustive));
        Assert.Equal(["20230230", "20231301"], dates.Examples.Order(StringComparer.Ordinal));
        var flags = await Result(harness, "public.cctv", "validity.flag-yn", "opn_yn");
        Assert.Equal((200L, 10L), (flags.Examined, flags.Failing));
        var orphans = await Result(harness, "public.repair", "consistency.foreign-key", "cctv_id");
        Assert.Equal((100L, 10L, RuleStatus.Failed), (orphans.Examined, orphans.Failing, orphans.Status));
        var points = await Result(harness, "public.cctv", "accuracy.coordinates");
        Assert.Equal((200L, 4L, true), (points.Examined, points.Failing, points.Exhaustive));
        Assert.Equal(["127.0000000,37.5000000"], points.Examples);
    }

    [Fact]
    public async Task Failed_rules_open_findings_and_scores_roll_up_to_source_department_and_city()
    {
        await using var harness = await ScoringHarness.CreateAsync(Now);
        await harness.AddPostgresSourceAsync("safety-db", "safety", Safety);
        await harness.Runner.RunAsync("safety-db", "test", default);

        var open = await harness.Findings.ListAsync("safety", null, FindingStatus.Open, default);
        Assert.Equal(
            [("public.cctv", "accuracy.coordinates", null), ("public.cctv", "standardization.metadata", null), ("public.cctv", "validity.calendar-date", "instl_ymd"),
             ("public.cctv", "validity.flag-yn", "opn_yn"), ("public.repair", "consistency.foreign-key", "cctv_id"), ("public.repair", "standardization.metadata", null)],
            open.Select(f => (f.Dataset, f.RuleId, f.Column)).Order());

        await using var db = harness.Catalog();
        var datasetScores = await db.Scores.Where(s => s.Dimension == null).Select(s => s.Value).ToListAsync();
        var city = await db.ScopeScores.SingleAsync(s => s.Scope == ScoreScope.City && s.Dimension == null);
        var department = await db.ScopeScores.SingleAsync(s => s.Scope == ScoreScope.Department && s.ScopeKey == "safety" && s.Dimension == null);
        Assert.Equal(2, datasetScores.Count);
        Assert.Equal(2, city.Datasets);
        Assert.Equal(city.Value, department.Value);
        var validity = await db.ScopeScores.SingleAsync(s => s.Scope == ScoreScope.City && s.Dimension == QualityDimension.Validity);
        var datasetValidity = await db.Scores.Where(s => s.Dimension == QualityDimension.Validity).Select(s => s.Value).ToListAsync();
        Assert.Equal(Math.Round(datasetValidity.Average(), 2), validity.Value);
    }

    [Fact]
    public async Task A_waived_finding_reopens_when_its_waiver_expires_and_every_transition_is_kept()
    {
        await using var harness = await ScoringHarness.CreateAsync(Now);
        await harness.AddPostgresSourceAsync("safety-db", "safety", Safety);
        await harness.Runner.RunAsync("safety-db", "test", default);
        var dates = (await harness.Findings.ListAsync(null, "public.cctv", null, default)).Single(f => f.RuleId == "validity.calendar-date");

        Assert.Null(await harness.Findings.ActAsync(dates.Id, FindingAction.Waive, "김민수", "달력 정비 예정", new DateOnly(2026, 12, 31), null, default));
        harness.Clock.Now = new DateTimeOffset(2026, 12, 31, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(0, await harness.Findings.ExpireWaiversAsync(default));
        harness.Clock.Now = new DateTimeOffset(2027, 1, 1, 0, 0, 1, TimeSpan.Zero);
        Assert.Equal(1, await harness.Findings.ExpireWaiversAsync(default));

        await using var db = harness.Catalog();
        var finding = await db.Findings.SingleAsync(f => f.Id == dates.Id);
        Assert.Equal((FindingStatus.Open, (string?)null), (finding.Status, finding.WaiverReason));
        var events = await db.FindingEvents.Where(e => e.FindingId == dates.Id).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([((FindingStatus?)null, FindingStatus.Open, "catalog"), (FindingStatus.Open, FindingStatus.Waived, "김민수"), (FindingStatus.Waived, FindingStatus.Open, "catalog")],
            events.Select(e => (e.From, e.To, e.Actor)));
        Assert.Contains("달력 정비 예정", events[1].Note);
    }

    [Fact]
    public async Task A_fixed_defect_resolves_its_finding_on_rescoring_without_a_harvest()
    {
        await using var harness = await ScoringHarness.CreateAsync(Now);
        var source = await harness.AddPostgresSourceAsync("safety-db", "safety", Safety);
        await harness.Runner.RunAsync("safety-db", "test", default);

        await HarvestHarness.ExecuteAsync(source, "UPDATE cctv SET opn_yn = 'Y';");
        var report = await harness.RuleSets.RescoreAsync(null, default);

        Assert.Equal((1, 2), (report.Sources, report.Datasets));
        var flags = await Result(harness, "public.cctv", "validity.flag-yn", "opn_yn");
        Assert.Equal((200L, 0L), (flags.Examined, flags.Failing));
        await using var db = harness.Catalog();
        var finding = await db.Findings.SingleAsync(f => f.RuleId == "validity.flag-yn");
        Assert.Equal(FindingStatus.Resolved, finding.Status);
        Assert.Equal(1, await db.HarvestRuns.CountAsync(r => r.Trigger == "rescore"));
    }

    [Fact]
    public async Task An_applied_department_rule_set_adds_and_disables_rules_and_rescores_at_once()
    {
        await using var harness = await ScoringHarness.CreateAsync(Now);
        await harness.AddPostgresSourceAsync("safety-db", "safety", Safety, ruleSet: "safety");
        await harness.Runner.RunAsync("safety-db", "test", default);
        var folder = Directory.CreateTempSubdirectory("rules-");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "safety.json"), SafetyRules);

        var (result, report) = await harness.RuleSets.ApplyAsync(folder.FullName, default);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(2, report!.Datasets);
        var order = await Result(harness, "public.repair", "consistency.repair-order");
        Assert.Equal((100L, 4L), (order.Examined, order.Failing));
        Assert.Equal("safety", order.RuleSet);
        await using var db = harness.Catalog();
        var lastRun = await db.RuleResults.MaxAsync(r => r.HarvestRunId);
        Assert.False(await db.RuleResults.AnyAsync(r => r.HarvestRunId == lastRun && r.RuleId == "uniqueness.primary-key"));
    }

    // The rest of the message is .NET's own explanation of the regular expression.
    private const string BadRegex = "The pattern \"[0-9\" is not a valid regular expression";

    [Fact]
    public async Task A_rule_set_with_errors_is_refused_with_every_error_listed_and_nothing_changes()
    {
        await using var harness = await ScoringHarness.CreateAsync(Now);
        await harness.AddPostgresSourceAsync("safety-db", "safety", Safety);
        await harness.Runner.RunAsync("safety-db", "test", default);
        var folder = Directory.CreateTempSubdirectory("rules-");
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "bad.json"), """
            {
              "name": "bad", "extends": "city-default",
              "rules": [
                { "id": "x.dimension", "dimension": "beauty", "kind": "not-null", "threshold": { "error": 0.9 } },
                { "id": "x.regex", "dimension": "validity", "kind": "pattern", "parameters": { "pattern": "[0-9" }, "threshold": { "error": 0.9 } },
                { "id": "x.threshold", "dimension": "completeness", "kind": "not-null" },
                { "id": "x.parameter", "dimension": "validity", "kind": "accepted-values", "parameters": { "values": ["Y"], "colour": "red" }, "threshold": { "error": 1 } },
                { "id": "x.regex", "dimension": "validity", "kind": "not-null", "threshold": { "error": 1 } },
                { "id": "x.kind", "dimension": "validity", "kind": "sparkle", "threshold": { "error": 1 } }
              ]
            }
            """);

        var (result, report) = await harness.RuleSets.ApplyAsync(folder.FullName, default);

        Assert.Null(report);
        Assert.Equal(
        [
            ("$.rules[0].dimension", 4, "The dimension 'beauty' is unknown."),
            ("$.rules[1].parameters.pattern", 5, BadRegex),
            ("$.rules[2]", 6, "The rule 'x.threshold' has no threshold."),
            ("$.rules[3].parameters.colour", 7, "A accepted-values rule has no parameter 'colour'."),
            ("$.rules[4].id", 8, "The rule id 'x.regex' is already used at line 5 of this file."),
            ("$.rules[5].kind", 9, "The rule kind 'sparkle' is unknown."),
        ], result.Errors.Select(e => (e.JsonPath, e.Line, e.Message.StartsWith(BadRegex, StringComparison.Ordinal) ? BadRegex : e.Message)));
        Assert.All(result.Errors, e => Assert.Equal("bad.json", e.File));
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Fix)));
        await using var db = harness.Catalog();
        Assert.Equal(0, await db.RuleSets.CountAsync());
        Assert.Equal(0, await db.HarvestRuns.CountAsync(r => r.Trigger == "rescore"));
    }
}
