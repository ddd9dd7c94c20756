using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.Postgres;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Harvesting.Tests.Pipeline;

public sealed class UnchangedHarvestTests
{
    private const string Parking = """
        CREATE TABLE parking_lot (prkplce_no varchar(10) PRIMARY KEY, prkplce_nm varchar(100) NOT NULL, addr varchar(200));
        COMMENT ON TABLE parking_lot IS '공영주차장';
        INSERT INTO parking_lot SELECT 'P' || g, '주차장 ' || g, CASE WHEN g % 4 = 0 THEN NULL ELSE '서울 ' || g END FROM generate_series(1, 100) g;
        CREATE TABLE bus_stop (stop_id int PRIMARY KEY, stop_nm text);
        INSERT INTO bus_stop SELECT g, '정류소 ' || g FROM generate_series(1, 50) g;
        CREATE VIEW busy AS SELECT stop_id FROM bus_stop WHERE stop_id < 10;
        """;

    [Fact]
    public async Task An_unchanged_reharvest_profiles_no_table_and_writes_no_new_rows()
    {
        await using var harness = await HarvestHarness.CreateAsync();
        var source = await HarvestHarness.CreateSourceDatabaseAsync(Parking);
        await harness.AddSourceAsync("parking-db", SourceKind.Postgres, source);
        var connector = harness.Connector<PostgresConnector>();
        var first = await harness.Runner.RunAsync("parking-db", "test", default);
        var profiledFirst = connector.TablesProfiled;
        var before = await CountRowsAsync(harness);
        int viewResults, viewScores;
        await using (var catalog = harness.Catalog())
        {
            viewResults = await catalog.RuleResults.CountAsync(r => r.HarvestRunId == first.Id && r.Dataset!.QualifiedName == "public.busy");
            viewScores = await catalog.Scores.CountAsync(r => r.HarvestRunId == first.Id && r.Dataset!.QualifiedName == "public.busy");
        }

        var second = await harness.Runner.RunAsync("parking-db", "test", default);

        // Two tables and a view the first time; the view again (a view has no statistics to tell a change by).
        Assert.Equal(3, profiledFirst);
        Assert.Equal(1, connector.TablesProfiled - profiledFirst);
        Assert.Equal((HarvestStatus.Succeeded, 3, 0, 0), (second.Status, second.DatasetsSeen, second.DatasetsAdded, second.DatasetsChanged));
        var after = await CountRowsAsync(harness);
        // Only the view was scored again: its rule results and scores once more.
        Assert.True(viewResults > 0 && viewScores > 0);
        Assert.Equal(before with { RuleResults = before.RuleResults + viewResults, Scores = before.Scores + viewScores }, after);
        await using var db = harness.Catalog();
        var parking = await db.Datasets.Include(d => d.Columns).SingleAsync(d => d.QualifiedName == "public.parking_lot");
        Assert.Equal(second.Id, parking.LastSeenRunId);
        Assert.Equal((100L, 25L), (parking.RowCount!.Value, parking.Columns.Single(c => c.Name == "addr").Profile!.Nulls));
    }

    [Fact]
    public async Task A_table_whose_data_changed_is_profiled_again_and_only_that_table()
    {
        await using var harness = await HarvestHarness.CreateAsync();
        var source = await HarvestHarness.CreateSourceDatabaseAsync(Parking);
        await harness.AddSourceAsync("parking-db", SourceKind.Postgres, source);
        var connector = harness.Connector<PostgresConnector>();
        await harness.Runner.RunAsync("parking-db", "test", default);
        var profiledFirst = connector.TablesProfiled;

        await HarvestHarness.ExecuteAsync(source, "INSERT INTO parking_lot SELECT 'Q' || g, '새 주차장', NULL FROM generate_series(1, 900) g");
        var second = await harness.Runner.RunAsync("parking-db", "test", default);

        // parking_lot and the view.
        Assert.Equal(2, connector.TablesProfiled - profiledFirst);
        await using var db = harness.Catalog();
        var parking = await db.Datasets.Include(d => d.Columns).SingleAsync(d => d.QualifiedName == "public.parking_lot");
        Assert.Equal((1000L, 925L), (parking.RowCount!.Value, parking.Columns.Single(c => c.Name == "addr").Profile!.Nulls));
        Assert.Equal(2, await db.Scores.CountAsync(s => s.DatasetId == parking.Id && s.Dimension == null));
        Assert.Equal(1, await db.Scores.CountAsync(s => s.Dataset!.QualifiedName == "public.bus_stop" && s.Dimension == null));
        Assert.Equal(0, second.DatasetsChanged);
    }

    [Fact]
    public async Task A_comment_changed_on_an_unchanged_table_is_recorded_without_profiling_it_again()
    {
        await using var harness = await HarvestHarness.CreateAsync();
        var source = await HarvestHarness.CreateSourceDatabaseAsync(Parking);
        await harness.AddSourceAsync("parking-db", SourceKind.Postgres, source);
        var connector = harness.Connector<PostgresConnector>();
        await harness.Runner.RunAsync("parking-db", "test", default);
        var profiledFirst = connector.TablesProfiled;

        await HarvestHarness.ExecuteAsync(source, "COMMENT ON TABLE parking_lot IS '공영주차장 현황'");
        var second = await harness.Runner.RunAsync("parking-db", "test", default);

        Assert.Equal(1, connector.TablesProfiled - profiledFirst);
        Assert.Equal(1, second.DatasetsChanged);
        await using var db = harness.Catalog();
        var parking = await db.Datasets.Include(d => d.Columns).SingleAsync(d => d.QualifiedName == "public.parking_lot");
        Assert.Equal(("공영주차장 현황", 100L), (parking.Title, parking.RowCount!.Value));
        Assert.Equal(25L, parking.Columns.Single(c => c.Name == "addr").Profile!.Nulls);
    }

    private static async Task<RowCounts> CountRowsAsync(HarvestHarness harness)
    {
        await using var db = harness.Catalog();
        return new RowCounts(
            await db.Datasets.CountAsync(), await db.Columns.CountAsync(), await db.RuleResults.CountAsync(),
            await db.Scores.CountAsync(), await db.SchemaChanges.CountAsync());
    }

    private sealed record RowCounts(int Datasets, int Columns, int RuleResults, int Scores, int SchemaChanges);
}
