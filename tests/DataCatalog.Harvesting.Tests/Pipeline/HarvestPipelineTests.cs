using System.Runtime.CompilerServices;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Changes;
using DataCatalog.Core.Scoring;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataCatalog.Harvesting.Tests.Pipeline;

public sealed class HarvestPipelineTests
{
    private const string Parking = """
        CREATE TABLE parking_lot (
            prkplce_no varchar(10) PRIMARY KEY,
            prkplce_nm varchar(100) NOT NULL,
            addr varchar(200),
            capacity integer,
            reg_ymd char(8)
        );
        COMMENT ON TABLE parking_lot IS '공영주차장';
        INSERT INTO parking_lot
        SELECT 'P' || g, '주차장 ' || g, CASE WHEN g % 4 = 0 THEN NULL ELSE '서울 ' || g END, g, '20240101'
        FROM generate_series(1, 100) g;
        CREATE TABLE bus_stop (stop_id int PRIMARY KEY, stop_nm text);
        INSERT INTO bus_stop SELECT g, '정류소 ' || g FROM generate_series(1, 50) g;
        """;

    [Fact]
    public async Task First_harvest_publishes_datasets_columns_profiles_scores_and_records_the_run()
    {
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("parking-db", SourceKind.Postgres, await HarvestHarness.CreateSourceDatabaseAsync(Parking));

        var run = await harness.Runner.RunAsync("parking-db", "test", default);

        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        Assert.Equal((2, 2, 0, 0, 0), (run.DatasetsSeen, run.DatasetsAdded, run.DatasetsChanged, run.DatasetsWithdrawn, run.DatasetsFailed));
        Assert.NotNull(run.FinishedAt);
        await using var db = harness.Catalog();
        var parking = await db.Datasets.Include(d => d.Columns).SingleAsync(d => d.QualifiedName == "public.parking_lot");
        Assert.Equal("공영주차장", parking.Title);
        Assert.Equal(100, parking.RowCount);
        Assert.Equal(["prkplce_no", "prkplce_nm", "addr", "capacity", "reg_ymd"], parking.Columns.OrderBy(c => c.Ordinal).Select(c => c.Name));
        Assert.Equal(25, parking.Columns.Single(c => c.Name == "addr").Profile!.Nulls);
        // Under the city default: completeness 95 (25 blank of 500), validity 100 (every reg_ymd a real day), uniqueness 100
        // (the key repeats nowhere), standardization 28.57 (2 of 7 metadata fields: title and the department as publisher);
        // overall (95 + 1.5 × 100 + 100 + 28.57) / 4.5.
        Assert.Equal(83.02, parking.LatestScore);
        var scores = (await db.Scores.Where(s => s.DatasetId == parking.Id).ToListAsync()).OrderBy(s => s.Dimension).ToList();
        Assert.Equal([(null, 83.02), (QualityDimension.Completeness, 95d), (QualityDimension.Validity, 100d), (QualityDimension.Uniqueness, 100d), (QualityDimension.Standardization, 28.57)],
            scores.Select(s => (s.Dimension, s.Value)));
        var rule = await db.RuleResults.SingleAsync(r => r.DatasetId == parking.Id && r.ColumnName == "addr" && r.RuleId == "completeness.non-blank");
        Assert.Equal((false, 100L, 25L, 0.75), (rule.Passed, rule.Examined, rule.Failing, rule.Measured));
        Assert.Equal(ChangeKind.DatasetAdded, (await db.SchemaChanges.SingleAsync(c => c.DatasetId == parking.Id)).Kind);
    }

    [Fact]
    public async Task Schema_drift_between_two_harvests_is_recorded_as_changes()
    {
        await using var harness = await HarvestHarness.CreateAsync();
        var source = await HarvestHarness.CreateSourceDatabaseAsync(Parking);
        await harness.AddSourceAsync("parking-db", SourceKind.Postgres, source);
        var first = await harness.Runner.RunAsync("parking-db", "test", default);

        await HarvestHarness.ExecuteAsync(source, """
            ALTER TABLE parking_lot ADD COLUMN tel_no varchar(20);
            ALTER TABLE parking_lot DROP COLUMN capacity;
            ALTER TABLE parking_lot ALTER COLUMN reg_ymd TYPE date USING to_date(reg_ymd, 'YYYYMMDD');
            ALTER TABLE parking_lot RENAME COLUMN addr TO rdnmadr;
            """);
        var second = await harness.Runner.RunAsync("parking-db", "test", default);

        Assert.Equal((0, 1), (second.DatasetsAdded, second.DatasetsChanged));
        await using var db = harness.Catalog();
        var changes = await db.SchemaChanges.Where(c => c.HarvestRunId == second.Id)
            .OrderBy(c => c.ColumnName == "tel_no" ? 0 : c.ColumnName == "capacity" ? 1 : c.ColumnName == "rdnmadr" ? 2 : 3)
            .Select(c => new { c.Kind, c.ColumnName, c.Before, c.After }).ToListAsync();
        Assert.Equal(
            [
                new { Kind = ChangeKind.ColumnAdded, ColumnName = (string?)"tel_no", Before = (string?)null, After = (string?)"character varying(20)" },
                new { Kind = ChangeKind.ColumnDropped, ColumnName = (string?)"capacity", Before = (string?)"integer", After = (string?)null },
                new { Kind = ChangeKind.ColumnRenamed, ColumnName = (string?)"rdnmadr", Before = (string?)"addr", After = (string?)"rdnmadr" },
                new { Kind = ChangeKind.ColumnRetyped, ColumnName = (string?)"reg_ymd", Before = (string?)"character(8)", After = (string?)"date" },
            ],
            changes);
        // The unchanged table is not profiled again, so its score history gets no new row: a row per change, not per run.
        Assert.Equal(1, await db.Scores.CountAsync(s => s.Dataset!.QualifiedName == "public.bus_stop" && s.Dimension == null));
        Assert.Equal(0, first.DatasetsChanged);
    }

    [Fact]
    public async Task A_dataset_gone_from_its_source_is_withdrawn_stays_queryable_and_comes_back_with_its_history()
    {
        await using var harness = await HarvestHarness.CreateAsync();
        var source = await HarvestHarness.CreateSourceDatabaseAsync(Parking);
        await harness.AddSourceAsync("parking-db", SourceKind.Postgres, source);
        await harness.Runner.RunAsync("parking-db", "test", default);

        await HarvestHarness.ExecuteAsync(source, "ALTER TABLE bus_stop RENAME TO bus_stop_old");
        var gone = await harness.Runner.RunAsync("parking-db", "test", default);
        await HarvestHarness.ExecuteAsync(source, "ALTER TABLE bus_stop_old RENAME TO bus_stop");
        var back = await harness.Runner.RunAsync("parking-db", "test", default);

        Assert.Equal(1, gone.DatasetsWithdrawn);
        await using var db = harness.Catalog();
        var stop = await db.Datasets.Include(d => d.Columns).SingleAsync(d => d.QualifiedName == "public.bus_stop");
        Assert.Equal(DatasetStatus.Active, stop.Status);
        Assert.Null(stop.WithdrawnAt);
        Assert.Equal(2, stop.Columns.Count);
        var history = await db.SchemaChanges.Where(c => c.DatasetId == stop.Id).OrderBy(c => c.Id).Select(c => c.Kind).ToListAsync();
        Assert.Equal([ChangeKind.DatasetAdded, ChangeKind.DatasetWithdrawn, ChangeKind.DatasetRestored], history);
        var withdrawnMeanwhile = await db.Datasets.SingleAsync(d => d.QualifiedName == "public.bus_stop_old");
        Assert.Equal(DatasetStatus.Withdrawn, withdrawnMeanwhile.Status);
        // Scored when first seen; a withdrawn dataset is not scored, and back with the same data it keeps that score.
        Assert.Equal(1, await db.Scores.CountAsync(s => s.DatasetId == stop.Id && s.Dimension == null));
        Assert.Equal(2, back.DatasetsSeen);
    }

    [Fact]
    public async Task An_unreachable_source_records_a_failed_run_and_the_other_sources_still_publish()
    {
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("down-db", SourceKind.Postgres, "Host=127.0.0.1;Port=1;Database=x;Username=u;Password=p;Timeout=2");
        await harness.AddSourceAsync("parking-db", SourceKind.Postgres, await HarvestHarness.CreateSourceDatabaseAsync(Parking));

        var down = await harness.Runner.RunAsync("down-db", "test", default);
        var up = await harness.Runner.RunAsync("parking-db", "test", default);

        Assert.Equal(HarvestStatus.Failed, down.Status);
        Assert.Contains("down-db", down.Error, StringComparison.Ordinal);
        Assert.Contains("Check that the server is up", down.Error, StringComparison.Ordinal);
        Assert.Equal(HarvestStatus.Succeeded, up.Status);
        await using var db = harness.Catalog();
        Assert.Equal(0, await db.Datasets.CountAsync(d => d.SourceId == "down-db"));
        Assert.Equal(2, await db.Datasets.CountAsync(d => d.SourceId == "parking-db"));
    }

    [Fact]
    public async Task A_crash_mid_harvest_leaves_the_last_published_catalog_intact()
    {
        var crashing = new CrashingConnector();
        await using var harness = await HarvestHarness.CreateAsync(crashing);
        await harness.AddSourceAsync("flaky", CrashingConnector.KindName, "unused");
        await harness.Runner.RunAsync("flaky", "test", default);

        crashing.CrashAfterFirst = true;
        var run = await harness.Runner.RunAsync("flaky", "test", default);

        Assert.Equal(HarvestStatus.Failed, run.Status);
        Assert.Contains("disk gone", run.Error, StringComparison.Ordinal);
        await using var db = harness.Catalog();
        var datasets = await db.Datasets.OrderBy(d => d.QualifiedName).Select(d => new { d.QualifiedName, d.Status, d.Title }).ToListAsync();
        Assert.Equal(
            [new { QualifiedName = "a.csv", Status = DatasetStatus.Active, Title = (string?)"first" }, new { QualifiedName = "b.csv", Status = DatasetStatus.Active, Title = (string?)"first" }],
            datasets);
    }

    [Fact]
    public async Task A_dataset_that_fails_alone_keeps_its_previous_state_and_its_error()
    {
        var connector = new CrashingConnector();
        await using var harness = await HarvestHarness.CreateAsync(connector);
        await harness.AddSourceAsync("flaky", CrashingConnector.KindName, "unused");
        await harness.Runner.RunAsync("flaky", "test", default);

        connector.FailSecond = true;
        var run = await harness.Runner.RunAsync("flaky", "test", default);

        Assert.Equal(HarvestStatus.Partial, run.Status);
        Assert.Equal([new DatasetError("b.csv", "b.csv: line 3 has 2 fields, expected 3")], run.DatasetErrors);
        await using var db = harness.Catalog();
        Assert.Equal(DatasetStatus.Active, (await db.Datasets.SingleAsync(d => d.QualifiedName == "b.csv")).Status);
        Assert.Equal("second", (await db.Datasets.SingleAsync(d => d.QualifiedName == "a.csv")).Title);
    }

    [Fact]
    public async Task No_unmasked_personal_sample_is_stored_in_the_catalog_after_a_harvest()
    {
        await using var harness = await HarvestHarness.CreateAsync();
        await harness.AddSourceAsync("welfare-db", SourceKind.Postgres, await HarvestHarness.CreateSourceDatabaseAsync("""
            CREATE TABLE recipient (id int PRIMARY KEY, jumin_no text, mobile text, email text, biz_no text);
            INSERT INTO recipient VALUES
              (1, '900101-1234568', '010-1234-5678', 'hong.gildong@example.kr', '220-81-62517'),
              (2, '850505-2345675', '010-9876-5432', 'kim.cheolsu@example.kr', '220-81-62517'),
              (3, '900101-1234568', '011-555-1212', 'lee.younghee@example.kr', '220-81-62517');
            """));

        await harness.Runner.RunAsync("welfare-db", "test", default);

        string[] raw = ["900101-1234568", "9001011234568", "850505-2345675", "1234-5678", "9876-5432", "555-1212", "hong.gildong", "kim.cheolsu", "lee.younghee", "81-62517"];
        await using var connection = new NpgsqlConnection(harness.CatalogConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("columns", tables);
        foreach (var table in tables)
        {
            await using var dump = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t", connection);
            var text = (string)(await dump.ExecuteScalarAsync())!;
            foreach (var value in raw)
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"table {table} holds the raw value {value}");
            }
        }
    }

    /// <summary>A connector of the test's own kind that can fail a dataset or crash part-way; the boundary it stands in for
    /// is "a source that breaks mid-read", which no real server here does on demand.</summary>
    private sealed class CrashingConnector : ISourceConnector
    {
        public const string KindName = "test-crashing";

        private int _runs;

        public bool CrashAfterFirst { get; set; }

        public bool FailSecond { get; set; }

        public string Kind => KindName;

        public async IAsyncEnumerable<ExtractedDataset> ExtractAsync(SourceDefinition source, string connection, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var title = ++_runs == 1 ? "first" : "second";
            await Task.Yield();
            yield return Dataset("a.csv", title);
            if (CrashAfterFirst)
            {
                throw new IOException("disk gone");
            }

            yield return FailSecond ? ExtractedDataset.Failed("b.csv", "b.csv: line 3 has 2 fields, expected 3") : Dataset("b.csv", title);
        }

        private static ExtractedDataset Dataset(string name, string title) => new(
            name,
            new DatasetSnapshot(name, DatasetKind.File, [new ColumnSnapshot("id", 1, "integer")], new DatasetMetadata { Title = title }, 1),
            []);
    }
}
