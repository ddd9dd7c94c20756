using System.Text.Json;
using DataCatalog.Api.Access;
using DataCatalog.Api.Http;
using DataCatalog.Api.Tests.Access;
using DataCatalog.Api.Tests.Catalog;
using DataCatalog.Core.Findings;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using DataCatalog.Harvesting;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Api.Tests.Mutations;

/// <summary>The mutations over HTTP with real tokens, on a fresh seeded catalog per test, with one open finding in the
/// transport department (TRN) and one in welfare (WEL).</summary>
public sealed class MutationsOverHttpTests : IAsyncLifetime
{
    private const string FindingFields = "id status assignedTo waiverReason waivedBy waivedUntil";

    // The endpoint judges waivers by the real clock: a month ahead is always inside the maximum.
    private static readonly string Expiry = DateTimeOffset.UtcNow.Date.AddDays(30).ToString("yyyy-MM-dd'T'00:00:00'Z'", System.Globalization.CultureInfo.InvariantCulture);
    private WebApplication? _app;
    private string _folder = "";
    private AccessApiServerClient _client = null!;
    private string _catalog = "";
    private long _transportFinding;
    private long _welfareFinding;
    private long _transportDataset;

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("catalog-mutations-").FullName;
        _catalog = await TestPostgres.CreateCatalogDatabaseAsync();
        await using (var db = TestPostgres.Context(_catalog))
        {
            await CatalogSeed.SeedAsync(db);
            _transportDataset = await db.Datasets.Where(d => d.SourceId == "trn-db" && d.Status == DatasetStatus.Active).OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
            var welfare = await db.Datasets.Where(d => d.SourceId == "wel-portal" && d.Status == DatasetStatus.Active).OrderBy(d => d.Id).Select(d => d.Id).FirstAsync();
            _transportFinding = await AddFindingAsync(db, _transportDataset);
            _welfareFinding = await AddFindingAsync(db, welfare);
            // Re-scoring after applyRuleSet probes PostgreSQL sources at their connection, which the seed's sources do not
            // have: here they are file drops, judged on their stored profiles alone.
            await db.Sources.ExecuteUpdateAsync(s => s.SetProperty(x => x.Kind, "file-drop"));
        }

        var options = new CatalogAuthOptions { Development = { Enabled = true } };
        var issuer = DevelopmentTokenIssuer.Open(Path.Combine(_folder, DevelopmentTokenIssuer.KeyFileName), options.Audience, options.Development, TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Harvest:Retries"] = "0" });
        builder.Services.AddCatalogPersistence(_catalog);
        builder.Services.AddHarvesting(builder.Configuration);
        builder.Services.AddCatalogApi();
        builder.Services.AddCatalogAuthentication(options, issuer);
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.UseAuthentication();
        _app.MapGraphQLEndpoint("/graphql", o => (o.EnableIntrospection, o.ExposeExceptionDetails) = (true, true));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _client = new AccessApiServerClient(new HttpClient { BaseAddress = new Uri(address) }, issuer);
    }

    public async Task DisposeAsync()
    {
        _client?.Http.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_steward_of_one_department_cannot_touch_another_departments_finding_and_nothing_is_recorded()
    {
        var steward = _client.Token("steward", "TRN");

        var (status, body) = await _client.PostAsync($$"""mutation { acknowledgeFinding(id: "{{_welfareFinding}}") { {{FindingFields}} } }""", steward);
        var waive = await _client.PostAsync($$"""mutation { waiveFinding(id: "{{_welfareFinding}}", reason: "정비 예정", expiresAt: "{{Expiry}}") { id } }""", steward);

        Assert.Equal(200, status);
        Assert.Equal(["FORBIDDEN"], AccessApiServer.Codes(body));
        Assert.Equal(["FORBIDDEN"], AccessApiServer.Codes(waive.Body));
        Assert.Equal($"Finding {_welfareFinding} belongs to department 'WEL', which you do not steward.",
            body.GetProperty("errors")[0].GetProperty("message").GetString());
        await using var db = TestPostgres.Context(_catalog);
        Assert.Equal(FindingStatus.Open, (await db.Findings.SingleAsync(f => f.Id == _welfareFinding)).Status);
        Assert.Equal(0, await db.AuditEvents.CountAsync());
    }

    [Fact]
    public async Task Each_mutation_writes_exactly_one_audit_event_with_before_and_after_and_a_repeat_writes_none()
    {
        var steward = _client.Token("steward", "TRN");
        var admin = _client.Token("admin");

        var acknowledged = await _client.DataAsync($$"""mutation { acknowledgeFinding(id: "{{_transportFinding}}", note: "봅니다") { {{FindingFields}} } }""", steward);
        await _client.DataAsync($$"""mutation { acknowledgeFinding(id: "{{_transportFinding}}", note: "봅니다") { id } }""", steward);
        var waived = await _client.DataAsync($$"""mutation { waiveFinding(id: "{{_transportFinding}}", reason: "정비 예정", expiresAt: "{{Expiry}}") { {{FindingFields}} } }""", steward);
        await _client.DataAsync($$"""mutation { waiveFinding(id: "{{_transportFinding}}", reason: "정비 예정", expiresAt: "{{Expiry}}") { id } }""", steward);
        var dataset = await _client.DataAsync($$"""mutation { updateDataset(id: "{{_transportDataset}}", input: { owner: "박지훈", keywords: ["주차", "교통"] }) { owner keywords } }""", steward);
        var department = await _client.DataAsync("""mutation { upsertDepartment(input: { code: "parks", name: "공원녹지과" }) { code name datasetCount } }""", admin);
        await _client.DataAsync("""mutation { upsertDepartment(input: { code: "parks", name: "공원녹지과" }) { code } }""", admin);
        var verify = await _client.DataAsync("{ auditVerify { intact events firstBrokenEventId problem } }", _client.Token("auditor"));

        Assert.Equal("ACKNOWLEDGED", acknowledged.GetProperty("acknowledgeFinding").GetProperty("status").GetString());
        Assert.Equal(("WAIVED", "정비 예정", "test-steward"), (waived.GetProperty("waiveFinding").GetProperty("status").GetString(),
            waived.GetProperty("waiveFinding").GetProperty("waiverReason").GetString(), waived.GetProperty("waiveFinding").GetProperty("waivedBy").GetString()));
        Assert.Equal("박지훈", dataset.GetProperty("updateDataset").GetProperty("owner").GetString());
        Assert.Equal("""{"code":"parks","name":"공원녹지과","datasetCount":0}""", department.GetProperty("upsertDepartment").GetRawText());
        Assert.Equal("""{"intact":true,"events":4,"firstBrokenEventId":null,"problem":null}""", verify.GetProperty("auditVerify").GetRawText());
        await using var db = TestPostgres.Context(_catalog);
        var events = await db.AuditEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [
                ("test-steward", "steward", "TRN", "finding.acknowledge", "finding", $"{_transportFinding}"),
                ("test-steward", "steward", "TRN", "finding.waive", "finding", $"{_transportFinding}"),
                ("test-steward", "steward", "TRN", "dataset.update", "dataset", $"{_transportDataset}"),
                ("test-admin", "admin", "parks", "department.create", "department", "parks"),
            ],
            events.Select(e => (e.Actor, e.Role, e.Department, e.Action, e.TargetKind, e.TargetId)));
        Assert.Equal("open", Json(events[0].Before, "status"));
        Assert.Equal("acknowledged", Json(events[0].After, "status"));
        Assert.Equal("acknowledged", Json(events[1].Before, "status"));
        Assert.Equal("waived", Json(events[1].After, "status"));
        Assert.Equal("박지훈", Json(events[2].After, "owner"));
        Assert.Null(events[3].Before);
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.RequestId)));
    }

    [Fact]
    public async Task An_analysts_mutation_is_refused_with_FORBIDDEN_and_changes_nothing()
    {
        var analyst = _client.Token("analyst");

        var finding = await _client.PostAsync($$"""mutation { resolveFinding(id: "{{_transportFinding}}") { id } }""", analyst);
        var dataset = await _client.PostAsync($$"""mutation { updateDataset(id: "{{_transportDataset}}", input: { owner: "누군가" }) { owner } }""", analyst);
        var department = await _client.PostAsync("""mutation { upsertDepartment(input: { code: "parks", name: "공원녹지과" }) { code } }""", _client.Token("steward", "TRN"));
        var verify = await _client.PostAsync("{ auditVerify { intact } }", analyst);

        Assert.Equal(["FORBIDDEN"], AccessApiServer.Codes(finding.Body));
        Assert.Equal(["FORBIDDEN"], AccessApiServer.Codes(dataset.Body));
        Assert.Equal(["FORBIDDEN"], AccessApiServer.Codes(department.Body));
        Assert.Equal(["FORBIDDEN"], AccessApiServer.Codes(verify.Body));
        await using var db = TestPostgres.Context(_catalog);
        Assert.Equal(FindingStatus.Open, (await db.Findings.SingleAsync(f => f.Id == _transportFinding)).Status);
        Assert.NotEqual("누군가", (await db.Datasets.SingleAsync(d => d.Id == _transportDataset)).Owner);
        Assert.False(await db.Departments.AnyAsync(d => d.Code == "parks"));
        Assert.Equal(0, await db.AuditEvents.CountAsync());
    }

    [Fact]
    public async Task A_waiver_without_a_reason_or_past_its_maximum_is_refused_naming_the_fix()
    {
        var steward = _client.Token("steward", "TRN");

        var empty = await _client.PostAsync($$"""mutation { waiveFinding(id: "{{_transportFinding}}", reason: " ", expiresAt: "{{Expiry}}") { id } }""", steward);
        var tooLong = await _client.PostAsync($$"""mutation { waiveFinding(id: "{{_transportFinding}}", reason: "정비", expiresAt: "2999-01-01T00:00:00Z") { id } }""", steward);

        Assert.Equal(["INVALID_ARGUMENT"], AccessApiServer.Codes(empty.Body));
        Assert.Equal("A waiver needs a reason (not empty) and an expiry.", empty.Body.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal(["INVALID_ARGUMENT"], AccessApiServer.Codes(tooLong.Body));
        Assert.StartsWith("A waiver may run at most 366 days", tooLong.Body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_applies_a_rule_set_with_the_files_validation_and_an_invalid_one_changes_nothing()
    {
        var admin = _client.Token("admin");
        const string Valid = """{ "name": "transport", "extends": "city-default", "rules": [ { "id": "uniqueness.primary-key", "enabled": false } ] }""";
        const string Invalid = """{ "name": "transport", "extends": "city-default", "rules": [ { "id": "x", "dimension": "beauty" } ] }""";

        var applied = await _client.DataAsync("mutation($d: String!) { applyRuleSet(document: $d) { id version } }", admin, new { d = Valid });
        var refused = await _client.PostAsync("mutation($d: String!) { applyRuleSet(document: $d) { id } }", admin, new { d = Invalid });
        var steward = await _client.PostAsync("mutation($d: String!) { applyRuleSet(document: $d) { id } }", _client.Token("steward", "TRN"), new { d = Valid });

        Assert.Equal("""{"id":"transport","version":1}""", applied.GetProperty("applyRuleSet").GetRawText());
        Assert.Equal(["INVALID_ARGUMENT"], AccessApiServer.Codes(refused.Body));
        Assert.Equal(["FORBIDDEN"], AccessApiServer.Codes(steward.Body));
        await using var db = TestPostgres.Context(_catalog);
        Assert.Equal(["ruleset.create"], await db.AuditEvents.Select(e => e.Action).ToListAsync());
        Assert.Contains("uniqueness.primary-key", (await db.RuleSets.SingleAsync(r => r.Name == "transport")).Json, StringComparison.Ordinal);
    }

    private static string? Json(string? json, string property)
    {
        using var document = JsonDocument.Parse(json!);
        return document.RootElement.GetProperty(property).GetString();
    }

    private static async Task<long> AddFindingAsync(CatalogDbContext db, long datasetId)
    {
        var at = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        var finding = new Finding
        {
            DatasetId = datasetId, RuleId = "validity.calendar-date", ColumnName = null, Dimension = QualityDimension.Validity, Severity = RuleSeverity.Error,
            Status = FindingStatus.Open, Examined = 100, Failing = 3, OpenedAt = at, UpdatedAt = at,
        };
        db.Findings.Add(finding);
        await db.SaveChangesAsync();
        return finding.Id;
    }
}

/// <summary>HTTP and tokens for one test's server.</summary>
internal sealed class AccessApiServerClient(HttpClient http, DevelopmentTokenIssuer issuer)
{
    public HttpClient Http => http;

    public string Token(string role, params string[] departments) => issuer.Issue(new DevelopmentTokenRequest(role, departments, $"test-{role}", null)).Token;

    public async Task<(int Status, JsonElement Body)> PostAsync(string query, string? token, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), System.Text.Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public async Task<JsonElement> DataAsync(string query, string? token, object? variables = null)
    {
        var (status, body) = await PostAsync(query, token, variables);
        Assert.True(status == 200 && !body.TryGetProperty("errors", out _), $"HTTP {status}: {body}");
        return body.GetProperty("data");
    }
}
