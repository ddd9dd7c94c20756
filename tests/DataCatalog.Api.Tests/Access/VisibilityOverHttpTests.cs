using System.Text.Json;

namespace DataCatalog.Api.Tests.Access;

/// <summary>What each role reads over HTTP: personal-data values (WEL's manager_phone) and a run's error (trn-db, TRN).</summary>
public sealed class VisibilityOverHttpTests(AccessApiServer server) : IClassFixture<AccessApiServer>
{
    private const string PersonalQuery = """
        query($id: ID!) { dataset(id: $id) {
          columns { name piiClass profile { min max topValues { value } patterns { value } valuesWithheld } }
          ruleResults { ruleId examples examplesWithheld }
          findings { ruleId examples examplesWithheld } } }
        """;

    private const string RunQuery = """{ harvestRuns(sourceId: "trn-db", last: 1) { status error warnings detailWithheld datasetErrors { error } } }""";

    private string? TokenFor(string who) => who switch
    {
        "analyst" => server.Token("analyst"),
        "steward-of-WEL" => server.Token("steward", "WEL"),
        "steward-of-TRN" => server.Token("steward", "TRN"),
        "auditor" => server.Token("auditor"),
        "admin" => server.Token("admin"),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    private async Task<(JsonElement Column, JsonElement Rule, JsonElement Finding)> PersonalAsync(string? token, string path = "/graphql")
    {
        var (status, body) = await server.PostAsync(PersonalQuery, token, path, new { id = server.PersonalDatasetId });
        Assert.True(status == 200 && !body.TryGetProperty("errors", out _), $"HTTP {status}: {body}");
        var dataset = body.GetProperty("data").GetProperty("dataset");
        return (
            dataset.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == AccessApiServer.PersonalColumn),
            dataset.GetProperty("ruleResults").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "validity.phone"),
            dataset.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "validity.phone"));
    }

    [Theory]
    [InlineData("steward-of-WEL")]
    [InlineData("auditor")]
    public async Task The_departments_stewards_and_auditors_read_personal_data_values(string who)
    {
        var (column, rule, finding) = await PersonalAsync(TokenFor(who));
        var profile = column.GetProperty("profile");

        Assert.Equal("MOBILE_PHONE", column.GetProperty("piiClass").GetString());
        Assert.Equal(AccessApiServer.MaskedMin, profile.GetProperty("min").GetString());
        Assert.Equal(AccessApiServer.MaskedMax, profile.GetProperty("max").GetString());
        Assert.Equal([AccessApiServer.MaskedTop], profile.GetProperty("topValues").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
        Assert.False(profile.GetProperty("valuesWithheld").GetBoolean());
        Assert.Equal([AccessApiServer.MaskedExample], rule.GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
        Assert.False(rule.GetProperty("examplesWithheld").GetBoolean());
        Assert.Equal([AccessApiServer.MaskedExample], finding.GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
        Assert.False(finding.GetProperty("examplesWithheld").GetBoolean());
    }

    [Theory]
    [InlineData("analyst")]
    [InlineData("steward-of-TRN")]
    [InlineData("admin")]
    public async Task Everyone_else_gets_personal_data_values_withheld_and_told_so(string who)
    {
        var (column, rule, finding) = await PersonalAsync(TokenFor(who));
        var profile = column.GetProperty("profile");

        Assert.Equal("MOBILE_PHONE", column.GetProperty("piiClass").GetString());
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("min").ValueKind);
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("max").ValueKind);
        Assert.Equal(0, profile.GetProperty("topValues").GetArrayLength());
        Assert.True(profile.GetProperty("valuesWithheld").GetBoolean());
        // Shapes are not values: the pattern stays.
        Assert.Equal(["999-9999-9999"], profile.GetProperty("patterns").EnumerateArray().Select(v => v.GetProperty("value").GetString()));
        Assert.Equal(0, rule.GetProperty("examples").GetArrayLength());
        Assert.True(rule.GetProperty("examplesWithheld").GetBoolean());
        Assert.Equal(0, finding.GetProperty("examples").GetArrayLength());
        Assert.True(finding.GetProperty("examplesWithheld").GetBoolean());
    }

    [Fact]
    public async Task An_anonymous_caller_where_anonymous_access_is_on_is_an_analyst_without_personal_data()
    {
        var (column, rule, _) = await PersonalAsync(token: null, path: "/graphql-anonymous");

        Assert.True(column.GetProperty("profile").GetProperty("valuesWithheld").GetBoolean());
        Assert.Equal(0, rule.GetProperty("examples").GetArrayLength());
    }

    [Fact]
    public async Task An_anonymous_caller_where_anonymous_access_is_off_reads_nothing()
    {
        var (status, body) = await server.PostAsync(PersonalQuery, token: null, variables: new { id = server.PersonalDatasetId });

        Assert.Equal(401, status);
        Assert.Equal(["UNAUTHENTICATED"], AccessApiServer.Codes(body));
        Assert.False(body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Values_of_columns_without_personal_data_are_shown_to_an_analyst()
    {
        var data = await server.DataAsync(
            "query($id: ID!) { dataset(id: $id) { columns { name profile { min max valuesWithheld topValues { value } } } } }",
            server.Token("analyst"), new { id = server.PersonalDatasetId });
        var plain = data.GetProperty("dataset").GetProperty("columns").EnumerateArray()
            .Where(c => c.GetProperty("name").GetString() != AccessApiServer.PersonalColumn).ToList();

        Assert.NotEmpty(plain);
        Assert.All(plain, c => Assert.Equal("A", c.GetProperty("profile").GetProperty("min").GetString()));
        Assert.All(plain, c => Assert.False(c.GetProperty("profile").GetProperty("valuesWithheld").GetBoolean()));
        Assert.All(plain, c => Assert.Equal(2, c.GetProperty("profile").GetProperty("topValues").GetArrayLength()));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("steward-of-TRN")]
    public async Task Admins_and_the_sources_stewards_read_a_runs_error(string who)
    {
        var run = (await server.DataAsync(RunQuery, TokenFor(who))).GetProperty("harvestRuns").EnumerateArray().Single();

        Assert.Equal("FAILED", run.GetProperty("status").GetString());
        Assert.Equal("Source trn-db: connection refused; check env:TRN_DB_PASSWORD and the host.", run.GetProperty("error").GetString());
        Assert.False(run.GetProperty("detailWithheld").GetBoolean());
    }

    [Theory]
    [InlineData("analyst")]
    [InlineData("steward-of-WEL")]
    [InlineData("auditor")]
    public async Task Others_see_that_a_run_failed_but_not_its_error(string who)
    {
        var run = (await server.DataAsync(RunQuery, TokenFor(who))).GetProperty("harvestRuns").EnumerateArray().Single();

        Assert.Equal("FAILED", run.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("error").ValueKind);
        Assert.Equal(0, run.GetProperty("warnings").GetArrayLength());
        Assert.True(run.GetProperty("detailWithheld").GetBoolean());
    }

    [Theory]
    [InlineData("steward-of-WEL", "steward", "WEL")]
    [InlineData("auditor", "auditor", "")]
    [InlineData("admin", "admin", "")]
    public async Task Me_names_the_callers_roles_and_departments(string who, string role, string departments)
    {
        var me = (await server.DataAsync("{ me { subject name roles departments } }", TokenFor(who))).GetProperty("me");

        Assert.Equal([role], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(departments.Split(',', StringSplitOptions.RemoveEmptyEntries), me.GetProperty("departments").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("test-" + role, me.GetProperty("name").GetString());
        Assert.Equal("dev:test-" + role, me.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Me_is_an_analyst_without_a_subject_for_an_anonymous_caller()
    {
        var (_, body) = await server.PostAsync("{ me { subject roles } }", token: null, path: "/graphql-anonymous");
        var me = body.GetProperty("data").GetProperty("me");

        Assert.Equal(JsonValueKind.Null, me.GetProperty("subject").ValueKind);
        Assert.Equal(["analyst"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }
}
