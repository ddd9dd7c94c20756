using System.Text.Json;
using DataCatalog.Api.Tests.Catalog;
using DataCatalog.Core.Scoring;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;

namespace DataCatalog.Api.Tests.Scoring;

/// <summary>The city's and departments' <c>scoreHistory</c>: roll-ups per Korean day, per dimension and overall, over HTTP.</summary>
public sealed class ScoreTrendOverHttpTests(CatalogApiServer server) : IClassFixture<CatalogApiServer>, IAsyncLifetime
{
    // 23:00 KST on 1 November; 01:00 and 14:00 KST on 2 November (two roll-ups that day); 10:00 KST on 3 November.
    private static readonly DateTimeOffset Nov1Late = new(2026, 11, 1, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Nov2Early = new(2026, 11, 1, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Nov2 = new(2026, 11, 2, 5, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Nov3 = new(2026, 11, 3, 1, 0, 0, TimeSpan.Zero);

    private const string CityQuery = """
        query($days: Int, $before: String) { city { scoreHistory(days: $days, before: $before) { day computedAt overall scores { dimension value } } } }
        """;

    public async Task InitializeAsync()
    {
        await using var db = TestPostgres.Context(server.ConnectionString);
        if (db.ScopeScores.Any())
        {
            return;
        }

        db.ScopeScores.AddRange(
            Row(ScoreScope.City, "", null, 60, Nov1Late), Row(ScoreScope.City, "", QualityDimension.Validity, 50, Nov1Late), Row(ScoreScope.City, "", QualityDimension.Completeness, 70, Nov1Late),
            Row(ScoreScope.City, "", null, 10, Nov2Early), Row(ScoreScope.City, "", QualityDimension.Validity, 10, Nov2Early),
            Row(ScoreScope.City, "", null, 65, Nov2), Row(ScoreScope.City, "", QualityDimension.Validity, 55, Nov2), Row(ScoreScope.City, "", QualityDimension.Completeness, 75, Nov2),
            Row(ScoreScope.City, "", null, 70, Nov3), Row(ScoreScope.City, "", QualityDimension.Validity, 60, Nov3), Row(ScoreScope.City, "", QualityDimension.Completeness, 80, Nov3),
            Row(ScoreScope.Department, "TRN", null, 50, Nov2), Row(ScoreScope.Department, "TRN", QualityDimension.Validity, 40, Nov2),
            Row(ScoreScope.Department, "TRN", null, 52, Nov3), Row(ScoreScope.Department, "TRN", QualityDimension.Validity, 44, Nov3),
            Row(ScoreScope.Department, "ENV", null, 90, Nov3), Row(ScoreScope.Department, "ENV", QualityDimension.Completeness, 90, Nov3),
            // A source that happens to share a department's code must not leak into the department's history.
            Row(ScoreScope.Source, "TRN", null, 1, Nov3));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_city_history_has_the_last_roll_up_of_each_Korean_day_with_every_dimension_oldest_first()
    {
        var days = (await server.DataAsync(CityQuery)).GetProperty("city").GetProperty("scoreHistory");

        Assert.Equal(
            [
                ("2026-11-01", Nov1Late, 60d, "(overall)=60 COMPLETENESS=70 VALIDITY=50"),
                ("2026-11-02", Nov2, 65d, "(overall)=65 COMPLETENESS=75 VALIDITY=55"),
                ("2026-11-03", Nov3, 70d, "(overall)=70 COMPLETENESS=80 VALIDITY=60"),
            ],
            days.EnumerateArray().Select(d => (d.GetProperty("day").GetString(), d.GetProperty("computedAt").GetDateTimeOffset(), d.GetProperty("overall").GetDouble(), Scores(d))));
    }

    [Fact]
    public async Task Each_department_gets_its_own_history_and_a_department_without_roll_ups_an_empty_one_in_one_statement()
    {
        await server.DataAsync("{ departments { code } }");
        server.Commands.Reset();
        await server.DataAsync("{ departments { code } }");
        var withoutHistory = server.Commands.Count;

        server.Commands.Reset();
        var departments = (await server.DataAsync("{ departments { code scoreHistory { day overall scores { dimension value } } } }")).GetProperty("departments");

        Assert.Equal(withoutHistory + 1, server.Commands.Count);
        Assert.Equal(
            [
                ("ENV", "2026-11-03 90 [(overall)=90 COMPLETENESS=90]"),
                ("TRN", "2026-11-02 50 [(overall)=50 VALIDITY=40] | 2026-11-03 52 [(overall)=52 VALIDITY=44]"),
                ("WEL", ""),
            ],
            departments.EnumerateArray().Select(d => (d.GetProperty("code").GetString(), string.Join(" | ", d.GetProperty("scoreHistory").EnumerateArray()
                .Select(day => $"{day.GetProperty("day").GetString()} {day.GetProperty("overall").GetDouble()} [{Scores(day)}]")))));
    }

    [Fact]
    public async Task Days_keeps_the_newest_days_and_before_pages_back_by_day()
    {
        Assert.Equal(["2026-11-02", "2026-11-03"], Days(await server.DataAsync(CityQuery, new { days = 2 })));
        Assert.Equal(["2026-11-01", "2026-11-02"], Days(await server.DataAsync(CityQuery, new { days = 2, before = "2026-11-03" })));
        Assert.Equal(["2026-11-01"], Days(await server.DataAsync(CityQuery, new { days = 5, before = "2026-11-02" })));
        Assert.Empty(Days(await server.DataAsync(CityQuery, new { before = "2026-11-01" })));
    }

    [Fact]
    public async Task A_days_count_out_of_range_or_a_before_that_is_not_a_date_is_refused_naming_the_argument()
    {
        Assert.Equal(["'days' must be between 1 and 100; it was 0."], await server.ErrorsAsync(CityQuery, new { days = 0 }));
        Assert.Equal(["'days' must be between 1 and 100; it was 101."], await server.ErrorsAsync(CityQuery, new { days = 101 }));
        Assert.Equal(
            ["'before' takes a date as YYYY-MM-DD (Korean time), e.g. 2026-11-26; '11/03/2026' is not one."],
            await server.ErrorsAsync(CityQuery, new { before = "11/03/2026" }));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static ScopeScore Row(ScoreScope scope, string key, QualityDimension? dimension, double value, DateTimeOffset at) =>
        new() { Scope = scope, ScopeKey = key, Dimension = dimension, Value = value, Examined = 100, Failing = 100 - (long)value, Datasets = 2, ComputedAt = at };

    private static string Scores(JsonElement day) => string.Join(" ", day.GetProperty("scores").EnumerateArray()
        .Select(s => $"{s.GetProperty("dimension").GetString() ?? "(overall)"}={s.GetProperty("value").GetDouble()}"));

    private static string[] Days(JsonElement data) =>
        [.. data.GetProperty("city").GetProperty("scoreHistory").EnumerateArray().Select(d => d.GetProperty("day").GetString() ?? "")];
}
