using DataCatalog.Api.Tests.Catalog;
using DataCatalog.Core.Changes;
using DataCatalog.Core.Findings;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Api.Tests.Reports;

/// <summary>
/// Report rows on top of <see cref="CatalogSeed"/>: failed rules whose messages are CSV-injection payloads, a standard-term
/// check, a finding waived on 10 April 2026, a grade and a personal-data column (all before 15 April 2026, KST); and,
/// with <see cref="LaterChangesAsync"/>, what changed on 1 June 2026.
/// </summary>
public static class ReportSeed
{
    public const string Parking = "public.parking_lot";
    public const string SeniorCenter = "senior-center";
    public const string BusStop = "public.bus_stop";

    /// <summary>The as-of day the tests report on, and a day after the later changes.</summary>
    public static readonly DateOnly AsOf = new(2026, 4, 15);
    public static readonly DateOnly AfterChanges = new(2026, 7, 2);

    /// <summary>Messages of the failed rules <c>inj.1</c> … <c>inj.7</c>, in rule-id order: every trigger OWASP names.</summary>
    public static readonly string[] Payloads = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\tcmd", "\rcmd", "\ncmd"];

    private static readonly DateTimeOffset Scored = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Waived = new(2026, 4, 10, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2026, 6, 1, 1, 0, 0, TimeSpan.Zero);

    public static async Task SeedAsync(CatalogDbContext db, SeededIds ids)
    {
        var parking = ids.Datasets[Parking];
        var run = ids.Runs["trn-db"][1];
        for (var i = 0; i < Payloads.Length; i++)
        {
            db.RuleResults.Add(Result(parking, run, $"inj.{i + 1}", "lot_name", RuleKinds.Pattern, RuleStatus.Failed, Payloads[i], Scored));
        }

        db.RuleResults.Add(Result(parking, run, "std.lot_name", "lot_name", RuleKinds.StandardTerm, RuleStatus.Failed,
            "lot_name is no standard term; suggest 주차장명 (PRKPLCE_NM)", Scored));
        db.RuleResults.Add(Result(parking, run, "std.capacity", "capacity", RuleKinds.StandardTerm, RuleStatus.Passed, null, Scored));

        var finding = new Finding
        {
            DatasetId = parking, RuleId = "inj.1", ColumnName = "lot_name", Dimension = QualityDimension.Validity, Severity = RuleSeverity.Error,
            Status = FindingStatus.Waived, Message = Payloads[0], Examined = 100, Failing = 50, OpenedAt = Scored, UpdatedAt = Waived,
            WaiverReason = "정비 예정", WaivedBy = "김민수", WaivedUntil = new DateTimeOffset(2026, 6, 30, 23, 59, 59, TimeSpan.Zero),
        };
        db.Findings.Add(finding);
        db.FindingEvents.AddRange(
            new FindingEvent { Finding = finding, To = FindingStatus.Open, Actor = "catalog", Note = "the rule failed", At = Scored },
            new FindingEvent { Finding = finding, From = FindingStatus.Open, To = FindingStatus.Waived, Actor = "김민수", Note = "waived until 2026-06-30: 정비 예정", At = Waived });
        db.DatasetGradeHistory.Add(new DatasetGradeHistory { DatasetId = parking, Grade = "C", Points = 62, ComputedAt = Scored });

        var senior = await db.Datasets.Include(d => d.Columns).SingleAsync(d => d.Id == ids.Datasets[SeniorCenter]);
        senior.Columns.Add(new Column { Name = "manager_phone", Ordinal = 3, DataType = "text", PiiClass = PiiClass.MobilePhone });
        await db.SaveChangesAsync();
    }

    /// <summary>1 June 2026: the rules pass, the finding resolves, another is waived, the grade rises, a stop is withdrawn,
    /// a personal-data column appears, and a new harvest scores again.</summary>
    public static async Task LaterChangesAsync(CatalogDbContext db, SeededIds ids)
    {
        var parking = ids.Datasets[Parking];
        var harvest = new HarvestRun { SourceId = "trn-db", Trigger = "schedule", Node = "node-1", StartedAt = Later, FinishedAt = Later.AddMinutes(2), Status = HarvestStatus.Succeeded };
        db.HarvestRuns.Add(harvest);
        await db.SaveChangesAsync();
        for (var i = 0; i < Payloads.Length; i++)
        {
            db.RuleResults.Add(Result(parking, harvest.Id, $"inj.{i + 1}", "lot_name", RuleKinds.Pattern, RuleStatus.Passed, null, Later));
        }

        db.RuleResults.Add(Result(parking, harvest.Id, "std.lot_name", "lot_name", RuleKinds.StandardTerm, RuleStatus.Passed, null, Later));
        db.RuleResults.Add(Result(parking, harvest.Id, "late.failure", "capacity", RuleKinds.Range, RuleStatus.Failed, "음수 주차면수", Later));
        db.Scores.Add(new Score { DatasetId = parking, HarvestRunId = harvest.Id, Value = 99, ComputedAt = Later });
        db.Scores.Add(new Score { DatasetId = parking, HarvestRunId = harvest.Id, Dimension = QualityDimension.Completeness, Value = 10, Examined = 10, Failing = 9, ComputedAt = Later });

        var finding = await db.Findings.SingleAsync(f => f.DatasetId == parking && f.RuleId == "inj.1");
        finding.Status = FindingStatus.Resolved;
        db.FindingEvents.Add(new FindingEvent { FindingId = finding.Id, From = FindingStatus.Waived, To = FindingStatus.Resolved, Actor = "catalog", Note = "the rule passes again", At = Later });
        var other = new Finding
        {
            DatasetId = parking, RuleId = "late.failure", ColumnName = "capacity", Dimension = QualityDimension.Accuracy, Severity = RuleSeverity.Critical,
            Status = FindingStatus.Waived, OpenedAt = Later, UpdatedAt = Later,
        };
        db.Findings.Add(other);
        db.FindingEvents.AddRange(
            new FindingEvent { Finding = other, To = FindingStatus.Open, Actor = "catalog", Note = "the rule failed", At = Later },
            new FindingEvent { Finding = other, From = FindingStatus.Open, To = FindingStatus.Waived, Actor = "이영희", Note = "waived until 2026-12-31: 예산 확보 후", At = Later.AddHours(1) });
        db.DatasetGradeHistory.Add(new DatasetGradeHistory { DatasetId = parking, Grade = "A", Points = 95, ComputedAt = Later });

        var stop = await db.Datasets.SingleAsync(d => d.Id == ids.Datasets[BusStop]);
        stop.Status = DatasetStatus.Withdrawn;
        stop.WithdrawnAt = Later;
        db.SchemaChanges.Add(new SchemaChange { DatasetId = stop.Id, HarvestRunId = harvest.Id, Kind = ChangeKind.DatasetWithdrawn, DetectedAt = Later });

        var lot = await db.Datasets.Include(d => d.Columns).SingleAsync(d => d.Id == parking);
        lot.Columns.Add(new Column { Name = "owner_email", Ordinal = 4, DataType = "text", PiiClass = PiiClass.Email });
        db.SchemaChanges.Add(new SchemaChange { DatasetId = parking, HarvestRunId = harvest.Id, Kind = ChangeKind.ColumnAdded, ColumnName = "owner_email", After = "text", DetectedAt = Later });
        await db.SaveChangesAsync();
    }

    private static RuleResult Result(long dataset, long run, string rule, string column, string kind, RuleStatus status, string? message, DateTimeOffset at) => new()
    {
        DatasetId = dataset,
        HarvestRunId = run,
        RuleId = rule,
        ColumnName = column,
        Kind = kind,
        Dimension = kind == RuleKinds.StandardTerm ? QualityDimension.Standardization : QualityDimension.Validity,
        Severity = RuleSeverity.Error,
        Status = status,
        Passed = status == RuleStatus.Passed,
        Measured = status == RuleStatus.Passed ? 1 : 0.5,
        Threshold = 0.95,
        Examined = 100,
        Failing = status == RuleStatus.Passed ? 0 : 50,
        Message = message,
        Examples = status == RuleStatus.Passed ? [] : ["010-****-1234", "-5"],
        EvaluatedAt = at,
    };
}
