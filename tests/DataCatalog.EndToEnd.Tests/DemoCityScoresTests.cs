using System.Text.Json;

namespace DataCatalog.EndToEnd.Tests;

/// <summary>The demo city scored by the real executable: each department's score traces to the defect seeded in its data.</summary>
public sealed class DemoCityScoresTests : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "datacatalog-e2e", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder goes with the machine.
        }

        return Task.CompletedTask;
    }

    private static JsonElement Dataset(JsonElement data, string name) =>
        data.GetProperty("datasets").GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("qualifiedName").GetString() == name);

    private static JsonElement Result(JsonElement dataset, string ruleId, string? column) =>
        dataset.GetProperty("ruleResults").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == ruleId
            && (column is null ? r.GetProperty("columnName").ValueKind == JsonValueKind.Null : r.GetProperty("columnName").GetString() == column));

    [Fact]
    public async Task Departments_score_differently_and_each_difference_traces_to_a_seeded_defect()
    {
        await using var catalog = CatalogProcess.Start(_dataFolder);
        await catalog.WaitUntilHealthyAsync();
        await catalog.WaitUntilAsync(async () =>
        {
            // Re-scoring runs (after the shipped dictionary is imported) are runs too; wait for a harvest of each source.
            var data = await catalog.QueryAsync("{ harvestRuns(last: 100) { sourceId trigger finishedAt } }");
            return data.GetProperty("harvestRuns").EnumerateArray()
                .Where(r => r.GetProperty("finishedAt").ValueKind != JsonValueKind.Null && r.GetProperty("trigger").GetString() != "rescore")
                .Select(r => r.GetProperty("sourceId").GetString()).Distinct().Count() >= 5;
        }, "the five first harvests", TimeSpan.FromSeconds(120));

        var data = await catalog.QueryAsync("""
            { departments { code scores { dimension value examined failing errorRate } }
              city { scores { dimension value } }
              datasets(first: 20) { nodes { qualifiedName
                  scores { dimension value examined failing errorRate }
                  ruleResults { ruleId columnName status examined failing errorRate examples exhaustive message }
                  findings { ruleId columnName status severity failing examples }
                  grade { grade points reasons { criterion pointsLost message } } } } }
            """);

        // Five departments, five different overall scores; the city's lies among them.
        var overall = data.GetProperty("departments").EnumerateArray().ToDictionary(
            d => d.GetProperty("code").GetString()!,
            d => d.GetProperty("scores").EnumerateArray().Single(s => s.GetProperty("dimension").ValueKind == JsonValueKind.Null).GetProperty("value").GetDouble());
        Assert.Equal(5, overall.Count);
        Assert.Equal(5, overall.Values.Distinct().Count());
        var city = data.GetProperty("city").GetProperty("scores").EnumerateArray().Single(s => s.GetProperty("dimension").ValueKind == JsonValueKind.Null).GetProperty("value").GetDouble();
        Assert.InRange(city, overall.Values.Min(), overall.Values.Max());

        // Transport: impossible YYYYMMDD dates, counted over all 3000 rows at the source, with the dates as evidence.
        var parking = Dataset(data, "public.parking_lot");
        var dates = Result(parking, "validity.calendar-date", "reg_ymd");
        Assert.Equal(("FAILED", 3000L, true), (dates.GetProperty("status").GetString(), dates.GetProperty("examined").GetInt64(), dates.GetProperty("exhaustive").GetBoolean()));
        Assert.InRange(dates.GetProperty("failing").GetInt64(), 1, 3000);
        Assert.All(dates.GetProperty("examples").EnumerateArray(), e => Assert.Matches("^2023(1[3-7])01$", e.GetString()!));
        Assert.Contains(parking.GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("ruleId").GetString() == "validity.calendar-date" && f.GetProperty("status").GetString() == "OPEN");

        // Transport's own rule set: an ARS number names one stop; 4000 stops share 3500 numbers.
        var stops = Result(Dataset(data, "public.bus_stop"), "uniqueness.ars-no", "ars_no");
        Assert.Equal((4000L, 500L), (stops.GetProperty("examined").GetInt64(), stops.GetProperty("failing").GetInt64()));

        // Safety: every 97th camera has latitude and longitude swapped: 36 of 3500.
        var cameras = Result(Dataset(data, "public.cctv"), "accuracy.coordinates", null);
        Assert.Equal((3500L, 36L), (cameras.GetProperty("examined").GetInt64(), cameras.GetProperty("failing").GetInt64()));
        var accuracy = Dataset(data, "public.cctv").GetProperty("scores").EnumerateArray().Single(s => s.GetProperty("dimension").GetString() == "ACCURACY");
        Assert.Equal(36d / 3500, accuracy.GetProperty("errorRate").GetDouble(), 6);

        // Welfare holds managers' mobile numbers: the grade says so, and its reasons come most costly first.
        var welfare = Dataset(data, "public.welfare_facility").GetProperty("grade");
        var reasons = welfare.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Contains(reasons, r => r.GetProperty("criterion").GetString() == "personal-data");
        Assert.Equal(reasons.Select(r => r.GetProperty("pointsLost").GetDouble()).OrderDescending(), reasons.Select(r => r.GetProperty("pointsLost").GetDouble()));
        Assert.Equal(100 - reasons.Sum(r => r.GetProperty("pointsLost").GetDouble()), welfare.GetProperty("points").GetDouble(), 6);
    }
}
