using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DataCatalog.Api.Http;
using DataCatalog.Core.Findings;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using DataCatalog.Core.Standards;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Api.Tests.Scoring;

/// <summary>Stands in for the standard dictionary checker that another part of the catalog provides (the seam
/// <see cref="IStandardTermChecker"/>): it knows one term, so the GraphQL field can be shown to carry its judgement.</summary>
internal sealed class OneTermChecker : IStandardTermChecker
{
    public StandardTermCheck Check(StandardColumnInput column) => column.Name == "reg_ymd"
        ? new(StandardConformance.DomainMismatch, "등록일자", "REG_YMD", "연월일C8", "CHAR(8)", ["등록", "일자"], [], [$"type {column.DataType}, expected CHAR(8) for 연월일C8"], [])
        : new(StandardConformance.NonStandard, null, null, null, null, [], [column.Name], ["not made of standard words"],
            [new StandardTermSuggestion("주차장명", "PRKPLCE_NM", "명V100", 0.9, "nearest term")]);
}

/// <summary>A catalog seeded with known scores, rule results, a finding with its events, a grade and roll-ups, served on loopback.</summary>
public sealed class ScoringApiServer : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 3, 0, 0, TimeSpan.Zero);
    private WebApplication? _app;
    private HttpClient _client = null!;

    public long DatasetId { get; private set; }

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        await using (var db = TestPostgres.Context(connectionString))
        {
            var transport = new Department { Code = "transport", Name = "교통정책과", CreatedAt = At };
            var welfare = new Department { Code = "welfare", Name = "복지정책과", CreatedAt = At };
            db.Sources.AddRange(
                new Source { Id = "transport-db", Department = transport, Kind = "postgres", Name = "교통", ConnectionRef = "env:X", Schedule = "0 0 3 * * ?" },
                new Source { Id = "welfare-db", Department = welfare, Kind = "postgres", Name = "복지", ConnectionRef = "env:Y", Schedule = "0 0 3 * * ?" });
            var run = new HarvestRun { SourceId = "transport-db", Trigger = "test", Node = "n", StartedAt = At, Status = HarvestStatus.Succeeded };
            db.HarvestRuns.Add(run);
            var dataset = new Dataset { SourceId = "transport-db", QualifiedName = "public.parking_lot", Fingerprint = "f", FirstSeenAt = At, LastSeenAt = At };
            dataset.Columns.Add(new Column
            {
                Name = "reg_ymd", Ordinal = 1, DataType = "character varying(10)",
                Profile = new ColumnProfile("reg_ymd", 3000, 0, 0, 2000, false, null, null, 8, 8, [], [new ValueCount("99999999", 3000)], InferredType.Integer, PiiClass.None),
            });
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync();
            DatasetId = dataset.Id;

            db.Scores.AddRange(
                new Score { DatasetId = dataset.Id, HarvestRunId = run.Id, Dimension = QualityDimension.Validity, Value = 96.1, Examined = 3000, Failing = 117, ComputedAt = At },
                new Score { DatasetId = dataset.Id, HarvestRunId = run.Id, Dimension = null, Value = 96.1, Examined = 3000, Failing = 117, ComputedAt = At });
            db.RuleResults.Add(new RuleResult
            {
                DatasetId = dataset.Id, HarvestRunId = run.Id, RuleId = "validity.calendar-date", Dimension = QualityDimension.Validity, ColumnName = "reg_ymd",
                Passed = false, Measured = 0.961, Threshold = 0.99, Examined = 3000, Failing = 117, Message = "117 of 3000 rows fail.", EvaluatedAt = At,
                Kind = RuleKinds.CalendarDate, Status = RuleStatus.Failed, Severity = RuleSeverity.Error, Examples = ["20231301", "20231401"], Exhaustive = true, RuleSet = "city-default",
            });
            var finding = new Finding
            {
                DatasetId = dataset.Id, RuleId = "validity.calendar-date", ColumnName = "reg_ymd", Dimension = QualityDimension.Validity, Severity = RuleSeverity.Error,
                Status = FindingStatus.Waived, Examined = 3000, Failing = 117, Examples = ["20231301"], OpenedAt = At, UpdatedAt = At,
                WaiverReason = "정비 예정", WaivedBy = "김민수", WaivedUntil = new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero),
            };
            db.Findings.Add(finding);
            db.FindingEvents.AddRange(
                new FindingEvent { Finding = finding, From = null, To = FindingStatus.Open, Actor = "catalog", At = At },
                new FindingEvent { Finding = finding, From = FindingStatus.Open, To = FindingStatus.Waived, Actor = "김민수", Note = "정비 예정", At = At.AddHours(1) });
            db.DatasetGrades.Add(new DatasetGrade
            {
                DatasetId = dataset.Id, Grade = "C", Points = 68, ComputedAt = At,
                Reasons = [new GradeReason("metadata", 17, "Metadata incomplete"), new GradeReason("quality", 15, "Quality score 50 of 100.")],
            });
            db.ScopeScores.AddRange(
                new ScopeScore { Scope = ScoreScope.Department, ScopeKey = "transport", Value = 70, Examined = 1000, Failing = 50, Datasets = 3, ComputedAt = At },
                new ScopeScore { Scope = ScoreScope.Department, ScopeKey = "transport", Dimension = QualityDimension.Validity, Value = 80, Examined = 1000, Failing = 50, Datasets = 3, ComputedAt = At },
                new ScopeScore { Scope = ScoreScope.Department, ScopeKey = "transport", Value = 10, Examined = 1, Failing = 1, Datasets = 3, ComputedAt = At.AddDays(-1) },
                new ScopeScore { Scope = ScoreScope.Department, ScopeKey = "welfare", Value = 90, Examined = 10, Failing = 1, Datasets = 1, ComputedAt = At },
                new ScopeScore { Scope = ScoreScope.City, ScopeKey = "", Value = 80, Examined = 1010, Failing = 51, Datasets = 4, ComputedAt = At });
            await db.SaveChangesAsync();
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.Services.AddCatalogPersistence(connectionString);
        builder.Services.AddCatalogApi();
        builder.Services.AddSingleton<IStandardTermChecker, OneTermChecker>();
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        // The host allows 20000 (appsettings.json); a drill-down into findings, grade and columns costs more than the 2000 default.
        _app.MapGraphQLEndpoint("/graphql", options => (options.EnableIntrospection, options.MaxComplexity, options.AllowAnonymous) = (true, 20000, true));
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };
    }

    public async Task<JsonElement> DataAsync(string query, object? variables = null)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _client.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(document.RootElement.TryGetProperty("errors", out var errors), errors.ToString());
        return document.RootElement.GetProperty("data").Clone();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed class ScoringOverHttpTests(ScoringApiServer server) : IClassFixture<ScoringApiServer>
{
    [Fact]
    public async Task A_dataset_shows_scores_with_error_rates_rule_evidence_its_finding_with_events_and_its_grade()
    {
        var dataset = (await server.DataAsync("""
            query($id: ID!) { dataset(id: $id) {
              scores { dimension value examined failing errorRate }
              ruleResults { ruleId columnName status severity examined failing errorRate examples exhaustive sampled ruleSet }
              findings { ruleId columnName status waivedBy waivedUntil waiverReason events { from to actor note } }
              grade { grade points reasons { criterion pointsLost } }
              columns { name standard { conformance matchedTerm expectedType problems suggestions { term } } } } }
            """, new { id = server.DatasetId })).GetProperty("dataset");

        var validity = dataset.GetProperty("scores").EnumerateArray().Single(s => s.GetProperty("dimension").GetString() == "VALIDITY");
        Assert.Equal((96.1, 3000L, 117L, 0.039), (validity.GetProperty("value").GetDouble(), validity.GetProperty("examined").GetInt64(), validity.GetProperty("failing").GetInt64(), validity.GetProperty("errorRate").GetDouble()));
        var rule = Assert.Single(dataset.GetProperty("ruleResults").EnumerateArray().ToList());
        Assert.Equal(("FAILED", "ERROR", 0.039, true, false, "city-default"),
            (rule.GetProperty("status").GetString(), rule.GetProperty("severity").GetString(), rule.GetProperty("errorRate").GetDouble(),
             rule.GetProperty("exhaustive").GetBoolean(), rule.GetProperty("sampled").GetBoolean(), rule.GetProperty("ruleSet").GetString()));
        Assert.Equal(["20231301", "20231401"], rule.GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
        var finding = Assert.Single(dataset.GetProperty("findings").EnumerateArray().ToList());
        Assert.Equal(("WAIVED", "김민수", "정비 예정"), (finding.GetProperty("status").GetString(), finding.GetProperty("waivedBy").GetString(), finding.GetProperty("waiverReason").GetString()));
        Assert.Equal([("(none)", "OPEN", "catalog"), ("OPEN", "WAIVED", "김민수")],
            finding.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("from").GetString() ?? "(none)", e.GetProperty("to").GetString(), e.GetProperty("actor").GetString())));
        var grade = dataset.GetProperty("grade");
        Assert.Equal(("C", 68d), (grade.GetProperty("grade").GetString(), grade.GetProperty("points").GetDouble()));
        Assert.Equal(["metadata", "quality"], grade.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("criterion").GetString()));
        var standard = dataset.GetProperty("columns")[0].GetProperty("standard");
        Assert.Equal(("DOMAIN_MISMATCH", "등록일자", "CHAR(8)"), (standard.GetProperty("conformance").GetString(), standard.GetProperty("matchedTerm").GetString(), standard.GetProperty("expectedType").GetString()));
        Assert.Equal(["type character varying(10), expected CHAR(8) for 연월일C8"], standard.GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Departments_and_the_city_show_their_latest_scores_per_dimension()
    {
        var data = await server.DataAsync("{ departments { code scores { dimension value errorRate datasets } } city { scores { dimension value failing } } }");

        var departments = data.GetProperty("departments").EnumerateArray().ToDictionary(d => d.GetProperty("code").GetString()!, d => d.GetProperty("scores"));
        Assert.Equal([("(overall)", 70d, 0.05), ("VALIDITY", 80d, 0.05)],
            departments["transport"].EnumerateArray().Select(s => (s.GetProperty("dimension").GetString() ?? "(overall)", s.GetProperty("value").GetDouble(), s.GetProperty("errorRate").GetDouble())));
        Assert.Equal([90d], departments["welfare"].EnumerateArray().Select(s => s.GetProperty("value").GetDouble()));
        Assert.Equal([(80d, 51L)], data.GetProperty("city").GetProperty("scores").EnumerateArray().Select(s => (s.GetProperty("value").GetDouble(), s.GetProperty("failing").GetInt64())));
    }
}
