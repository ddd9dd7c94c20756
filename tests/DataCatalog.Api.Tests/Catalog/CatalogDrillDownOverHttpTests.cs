using System.Globalization;
using System.Text.Json;

namespace DataCatalog.Api.Tests.Catalog;

public sealed class CatalogDrillDownOverHttpTests(CatalogApiServer server) : IClassFixture<CatalogApiServer>
{
    private static readonly DateTimeOffset Run1At = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Run2At = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Dataset_drill_down_returns_exactly_the_seeded_columns_profiles_scores_rules_changes_and_source()
    {
        var runs = server.Ids.Runs["trn-db"];
        var dataset = (await server.DataAsync("""
            query($id: ID!) {
              dataset(id: $id) {
                title keywords rowCount latestScore
                columns { name ordinal dataType isPrimaryKey description profile { rows nulls distinct topValues { value count } } }
                scores { dimension value harvestRunId }
                scoreHistory { value computedAt harvestRunId }
                ruleResults { ruleId dimension passed measured threshold failing }
                changes { kind columnName before after harvestRunId }
                source { id name department }
              }
            }
            """, new { id = server.Ids.Datasets["public.parking_lot"] })).GetProperty("dataset");

        Assert.Equal("공영주차장 현황", dataset.GetProperty("title").GetString());
        Assert.Equal(["주차", "공영주차장"], Strings(dataset.GetProperty("keywords")));
        Assert.Equal(100, dataset.GetProperty("rowCount").GetInt64());
        Assert.Equal(CatalogSeed.LatestScore(1), dataset.GetProperty("latestScore").GetDouble());

        var columns = dataset.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["lot_id", "lot_name", "capacity"], columns.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal([1, 2, 3], columns.Select(c => c.GetProperty("ordinal").GetInt32()));
        Assert.Equal(["integer", "character varying(100)", "integer"], columns.Select(c => c.GetProperty("dataType").GetString()));
        Assert.Equal([true, false, false], columns.Select(c => c.GetProperty("isPrimaryKey").GetBoolean()));
        Assert.Equal(["주차장 번호", "주차장 이름", "주차면수"], columns.Select(c => c.GetProperty("description").GetString()));
        var profile = columns[1].GetProperty("profile");
        Assert.Equal(100, profile.GetProperty("rows").GetInt64());
        Assert.Equal(1, profile.GetProperty("nulls").GetInt64());
        Assert.Equal(11, profile.GetProperty("distinct").GetInt64());
        Assert.Equal(
            [("lot_name-top", 8L), ("lot_name-second", 3L)],
            profile.GetProperty("topValues").EnumerateArray().Select(v => (v.GetProperty("value").GetString(), v.GetProperty("count").GetInt64())));

        Assert.Equal(
            [("(overall)", CatalogSeed.LatestScore(1)), ("COMPLETENESS", 90d), ("VALIDITY", 81d)],
            dataset.GetProperty("scores").EnumerateArray()
                .Select(s => (s.GetProperty("dimension").GetString() ?? "(overall)", s.GetProperty("value").GetDouble()))
                .OrderBy(s => s.Item1, StringComparer.Ordinal));
        Assert.All(dataset.GetProperty("scores").EnumerateArray(), s => Assert.Equal(Id(runs[1]), s.GetProperty("harvestRunId").GetString()));

        Assert.Equal(
            [(41d, Run1At, Id(runs[0])), (CatalogSeed.LatestScore(1), Run2At, Id(runs[1]))],
            dataset.GetProperty("scoreHistory").EnumerateArray().Select(s => (
                s.GetProperty("value").GetDouble(), s.GetProperty("computedAt").GetDateTimeOffset(), s.GetProperty("harvestRunId").GetString())));

        Assert.Equal(
            [("completeness.not-null", "COMPLETENESS", true, 0.99, 1L), ("validity.type", "VALIDITY", false, 0.5, 50L)],
            dataset.GetProperty("ruleResults").EnumerateArray().Select(r => (
                r.GetProperty("ruleId").GetString(), r.GetProperty("dimension").GetString(), r.GetProperty("passed").GetBoolean(),
                r.GetProperty("measured").GetDouble(), r.GetProperty("failing").GetInt64())));

        Assert.Equal(
            [
                ("COLUMN_ADDED", "capacity", null, "integer", Id(runs[1])),
                ("COLUMN_RETYPED", "lot_name", "character varying(50)", "character varying(100)", Id(runs[1])),
                ("DATASET_ADDED", null, null, null, Id(runs[0])),
            ],
            dataset.GetProperty("changes").EnumerateArray().Select(c => (
                c.GetProperty("kind").GetString(), c.GetProperty("columnName").GetString(), c.GetProperty("before").GetString(),
                c.GetProperty("after").GetString(), c.GetProperty("harvestRunId").GetString())));

        var source = dataset.GetProperty("source");
        Assert.Equal("trn-db", source.GetProperty("id").GetString());
        Assert.Equal("교통 운영 DB", source.GetProperty("name").GetString());
        Assert.Equal("TRN", source.GetProperty("department").GetString());
    }

    [Fact]
    public async Task Child_lists_of_5_or_20_datasets_cost_the_same_number_of_sql_commands()
    {
        const string query = """
            query($first: Int) {
              datasets(first: $first) {
                nodes { qualifiedName columns { name } scores { value } changes { kind } source { id department } }
              }
            }
            """;

        server.Commands.Reset();
        var five = await server.DataAsync(query, new { first = 5 });
        var fiveCommands = server.Commands.Count;
        server.Commands.Reset();
        var twenty = await server.DataAsync(query, new { first = 20 });
        var twentyCommands = server.Commands.Count;

        Assert.Equal(5, five.GetProperty("datasets").GetProperty("nodes").GetArrayLength());
        var nodes = twenty.GetProperty("datasets").GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(20, nodes.Count);
        Assert.All(nodes, n => Assert.NotEqual(0, n.GetProperty("columns").GetArrayLength()));
        Assert.All(nodes, n => Assert.Equal(3, n.GetProperty("scores").GetArrayLength()));
        Assert.All(nodes, n => Assert.NotNull(n.GetProperty("source").GetProperty("department").GetString()));
        // count + page, then one query each for columns, scores, changes and sources.
        Assert.Equal(6, fiveCommands);
        Assert.Equal(fiveCommands, twentyCommands);
    }

    [Fact]
    public async Task Departments_count_only_active_datasets_and_average_their_latest_scores_rounded()
    {
        var departments = (await server.DataAsync("{ departments { code name datasetCount averageScore } }")).GetProperty("departments");

        Assert.Equal(
            [("ENV", "환경정책과", 5, 77.4), ("TRN", "교통정책과", 14, 57.86), ("WEL", "복지정책과", 10, 69.8)],
            departments.EnumerateArray().Select(d => (
                d.GetProperty("code").GetString(), d.GetProperty("name").GetString(),
                d.GetProperty("datasetCount").GetInt32(), d.GetProperty("averageScore").GetDouble())));
    }

    [Fact]
    public async Task Harvest_runs_of_a_source_come_newest_first_limited_to_last()
    {
        var runs = server.Ids.Runs["trn-db"];

        // An anonymous analyst: the failed run's error is withheld (VisibilityOverHttpTests shows who reads it).
        var result = (await server.DataAsync("""{ harvestRuns(sourceId: "trn-db", last: 2) { id sourceId status error detailWithheld } }""")).GetProperty("harvestRuns");
        var all = (await server.DataAsync("{ harvestRuns(last: 100) { id } }")).GetProperty("harvestRuns");

        Assert.Equal(
            [(Id(runs[2]), "FAILED", JsonValueKind.Null, true), (Id(runs[1]), "SUCCEEDED", JsonValueKind.Null, true)],
            result.EnumerateArray().Select(r => (
                r.GetProperty("id").GetString(), r.GetProperty("status").GetString(), r.GetProperty("error").ValueKind, r.GetProperty("detailWithheld").GetBoolean())));
        Assert.All(result.EnumerateArray(), r => Assert.Equal("trn-db", r.GetProperty("sourceId").GetString()));
        var allIds = all.EnumerateArray().Select(r => long.Parse(r.GetProperty("id").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(9, allIds.Count);
        Assert.Equal(allIds.OrderByDescending(i => i), allIds);
    }

    [Fact]
    public async Task Source_type_has_no_field_for_the_connection_reference_and_never_prints_it()
    {
        var fields = (await server.DataAsync("""{ __type(name: "Source") { fields { name } } }"""))
            .GetProperty("__type").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        using var sources = await server.QueryAsync("{ sources { id kind name schedule timeZone owner enabled department } }");

        Assert.Equal(["globalId", "id", "kind", "name", "schedule", "timeZone", "owner", "enabled", "department"], fields);
        Assert.DoesNotContain(fields, f => f.Contains("connection", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(4, sources.RootElement.GetProperty("data").GetProperty("sources").GetArrayLength());
        Assert.DoesNotContain(CatalogSeed.SecretReference, sources.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];
}
