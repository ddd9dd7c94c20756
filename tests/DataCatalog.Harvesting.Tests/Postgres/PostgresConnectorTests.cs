using DataCatalog.Core.Catalog;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.Postgres;
using DataCatalog.Harvesting.Extract;
using DataCatalog.Harvesting.Tests.Pipeline;

namespace DataCatalog.Harvesting.Tests.Postgres;

public sealed class PostgresConnectorTests
{
    private const string Schema = """"
        CREATE SCHEMA transport;
        CREATE TABLE transport.stop (
            stop_id integer PRIMARY KEY,
            stop_nm varchar(50) NOT NULL DEFAULT '미정',
            ars_no char(5),
            opened date
        );
        COMMENT ON TABLE transport.stop IS '버스정류소';
        COMMENT ON COLUMN transport.stop.stop_nm IS '정류소명';
        INSERT INTO transport.stop VALUES
            (1, '시청앞', '01001', '2020-01-01'), (2, '광화문', '01002', '2021-06-30'), (3, '서울역', NULL, NULL),
            (4, '시청앞', '', '2019-12-31'), (5, '종로3가', '01005', '2022-02-02');
        CREATE TABLE transport.visit (
            visit_id bigserial PRIMARY KEY,
            stop_id integer NOT NULL REFERENCES transport.stop (stop_id),
            "Visitor Phone" text
        );
        INSERT INTO transport.visit (stop_id, "Visitor Phone") VALUES (1, '010-1234-5678'), (2, '010-2345-6789'), (3, '010-3456-7890'), (1, '010-4567-8901');
        CREATE VIEW transport.busy_stop AS SELECT stop_id, count(*) AS visits FROM transport.visit GROUP BY stop_id;
        CREATE TABLE public.ignored (x int);
        CREATE TABLE transport."주차 ""장""" ("이름;" text);
        INSERT INTO transport."주차 ""장""" VALUES ('a'), ('b');
        """";

    [Fact]
    public async Task Reads_tables_views_columns_keys_defaults_and_comments_of_the_chosen_schemas()
    {
        var datasets = await ExtractAsync(await HarvestHarness.CreateSourceDatabaseAsync(Schema), new() { ["schemas"] = "transport" });

        Assert.Equal(["transport.busy_stop", "transport.stop", "transport.visit", "transport.주차 \"장\""], datasets.Select(d => d.QualifiedName));
        var stop = datasets.Single(d => d.QualifiedName == "transport.stop").Snapshot!;
        Assert.Equal(DatasetKind.Table, stop.Kind);
        Assert.Equal("버스정류소", stop.Metadata.Title);
        Assert.Equal(5, stop.RowCount);
        Assert.Equal(
            [
                new ColumnSnapshot("stop_id", 1, "integer", IsNullable: false, IsPrimaryKey: true),
                new ColumnSnapshot("stop_nm", 2, "character varying(50)", IsNullable: false, Description: "정류소명", DefaultValue: "'미정'::character varying"),
                new ColumnSnapshot("ars_no", 3, "character(5)"),
                new ColumnSnapshot("opened", 4, "date"),
            ],
            stop.Columns);
        var visit = datasets.Single(d => d.QualifiedName == "transport.visit").Snapshot!;
        Assert.Equal("transport.stop.stop_id", visit.Columns.Single(c => c.Name == "stop_id").References);
        var view = datasets.Single(d => d.QualifiedName == "transport.busy_stop");
        Assert.Equal(DatasetKind.View, view.Snapshot!.Kind);
        // Three rows are far below the view row limit: the profile covers the whole view.
        Assert.Equal(3, view.Snapshot.RowCount);
        Assert.False(view.Profiles[0].Sampled);
    }

    [Fact]
    public async Task Profiles_each_column_in_the_database_with_exact_counts()
    {
        var datasets = await ExtractAsync(await HarvestHarness.CreateSourceDatabaseAsync(Schema), new() { ["schemas"] = "transport" });
        var profiles = datasets.Single(d => d.QualifiedName == "transport.stop").Profiles.ToDictionary(p => p.Column);

        var name = profiles["stop_nm"];
        Assert.Equal((5L, 0L, 0L, 4L), (name.Rows, name.Nulls, name.Empty, name.Distinct));
        Assert.Equal(new ValueCount("시청앞", 2), name.TopValues[0]);
        var ars = profiles["ars_no"];
        Assert.Equal((1L, 1L, 3L), (ars.Nulls, ars.Empty, ars.Distinct - 1));
        Assert.Equal(new ValueCount("99999", 3), ars.Patterns[0]);
        var opened = profiles["opened"];
        Assert.Equal(("2019-12-31", "2022-02-02"), (opened.Min, opened.Max));
        Assert.Equal(InferredType.Date, opened.InferredType);
        Assert.False(opened.Sampled);
    }

    [Fact]
    public async Task The_one_pass_profile_gives_every_figure_of_every_column_exactly()
    {
        var datasets = await ExtractAsync(await HarvestHarness.CreateSourceDatabaseAsync(Schema), new() { ["schemas"] = "transport" });
        var profiles = datasets.Single(d => d.QualifiedName == "transport.stop").Profiles.ToDictionary(p => p.Column);

        // Figures as the per-column statement computed them before the one-pass profile.
        var id = profiles["stop_id"];
        Assert.Equal((5L, 0L, 0L, 5L, "1", "5", 1, 1), (id.Rows, id.Nulls, id.Empty, id.Distinct, id.Min, id.Max, id.MinLength!.Value, id.MaxLength!.Value));
        Assert.Equal(["1", "2", "3", "4", "5"], id.TopValues.Select(v => v.Value));
        Assert.Equal([new ValueCount("9", 5)], id.Patterns);
        var name = profiles["stop_nm"];
        Assert.Equal(("광화문", "종로3가", 3, 4), (name.Min, name.Max, name.MinLength!.Value, name.MaxLength!.Value));
        Assert.Equal([new ValueCount("시청앞", 2), new ValueCount("광화문", 1), new ValueCount("서울역", 1), new ValueCount("종로3가", 1)], name.TopValues);
        Assert.Equal([new ValueCount("KKK", 4), new ValueCount("KK9K", 1)], name.Patterns);
        var ars = profiles["ars_no"];
        Assert.Equal((5L, 1L, 1L, 4L, "", "01005", 0, 5), (ars.Rows, ars.Nulls, ars.Empty, ars.Distinct, ars.Min, ars.Max, ars.MinLength!.Value, ars.MaxLength!.Value));
        Assert.Equal([new ValueCount("", 1), new ValueCount("01001", 1), new ValueCount("01002", 1), new ValueCount("01005", 1)], ars.TopValues);
        Assert.Equal([new ValueCount("99999", 3), new ValueCount("", 1)], ars.Patterns);
        var opened = profiles["opened"];
        Assert.Equal((1L, 4L, 10, 10), (opened.Nulls, opened.Distinct, opened.MinLength!.Value, opened.MaxLength!.Value));
        Assert.False(id.Sampled || id.DistinctIsEstimate);
    }

    [Fact]
    public async Task Numbers_are_ordered_as_numbers_and_long_values_get_the_truncated_pattern_of_PatternClass()
    {
        var source = await HarvestHarness.CreateSourceDatabaseAsync("""
            CREATE TABLE fee (amount numeric(8,2), note text);
            INSERT INTO fee VALUES (9.5, repeat('가', 70)), (10.25, 'a1'), (100, NULL), (9.5, 'a1');
            """);

        var fee = (await ExtractAsync(source, [])).Single().Profiles.ToDictionary(p => p.Column);

        Assert.Equal(("9.50", "100.00", 3L), (fee["amount"].Min, fee["amount"].Max, fee["amount"].Distinct));
        Assert.Equal(new ValueCount("9.50", 2), fee["amount"].TopValues[0]);
        Assert.Equal([new ValueCount("A9", 2), new ValueCount(PatternClass.Of(new string('가', 70)), 1)], fee["note"].Patterns);
    }

    [Fact]
    public async Task The_sources_statement_timeout_is_the_sessions_not_npgsqls_default()
    {
        var source = await HarvestHarness.CreateSourceDatabaseAsync("CREATE VIEW setting AS SELECT current_setting('statement_timeout') AS timeout, current_setting('transaction_read_only') AS read_only;");

        var view = (await ExtractAsync(source, new() { ["statementTimeoutSeconds"] = "45" })).Single();

        Assert.Equal("45s", view.Profiles.Single(p => p.Column == "timeout").TopValues.Single().Value);
        Assert.Equal("on", view.Profiles.Single(p => p.Column == "read_only").TopValues.Single().Value);
    }

    [Fact]
    public async Task A_table_without_columns_and_an_empty_table_are_profiled_with_zero_rows()
    {
        var source = await HarvestHarness.CreateSourceDatabaseAsync("CREATE TABLE nothing (); CREATE TABLE empty (id int, name text);");

        var datasets = await ExtractAsync(source, []);

        Assert.All(datasets, d => Assert.Null(d.Error));
        Assert.Equal(0, datasets.Single(d => d.QualifiedName == "public.nothing").Snapshot!.RowCount);
        var empty = datasets.Single(d => d.QualifiedName == "public.empty");
        Assert.Equal([(0L, 0L, 0L), (0L, 0L, 0L)], empty.Profiles.Select(p => (p.Rows, p.Nulls, p.Distinct)));
    }

    [Fact]
    public async Task Personal_data_is_detected_and_never_returned_unmasked()
    {
        var datasets = await ExtractAsync(await HarvestHarness.CreateSourceDatabaseAsync(Schema), new() { ["schemas"] = "transport" });
        var phone = datasets.Single(d => d.QualifiedName == "transport.visit").Profiles.Single(p => p.Column == "Visitor Phone");

        Assert.Equal(PiiClass.MobilePhone, phone.Pii);
        var shown = phone.TopValues.Select(v => v.Value).Append(phone.Min ?? "").Append(phone.Max ?? "");
        Assert.DoesNotContain(shown, v => v.Contains("1234-5678", StringComparison.Ordinal) || v.Contains("4567-8901", StringComparison.Ordinal));
        // Every masked number is held by one row, which would still point at one person: none is shown.
        Assert.Empty(phone.TopValues);
        Assert.Equal([new ValueCount("9+-9+-9+", 4)], phone.Patterns);
    }

    [Fact]
    public async Task Identifiers_with_quotes_spaces_and_hangul_are_quoted_in_generated_sql()
    {
        var datasets = await ExtractAsync(await HarvestHarness.CreateSourceDatabaseAsync(Schema), new() { ["schemas"] = "transport" });
        var odd = datasets.Single(d => d.QualifiedName == "transport.주차 \"장\"");

        Assert.Null(odd.Error);
        Assert.Equal(2, odd.Profiles.Single(p => p.Column == "이름;").Distinct);
    }

    [Fact]
    public async Task Tables_above_the_sample_threshold_are_profiled_over_a_tablesample()
    {
        var source = await HarvestHarness.CreateSourceDatabaseAsync("""
            CREATE TABLE big AS SELECT g AS id, (g % 7)::text AS bucket FROM generate_series(1, 200000) g;
            ANALYZE big;
            """);

        var big = (await ExtractAsync(source, new() { ["sampleAboveRows"] = "1000", ["sampleRows"] = "20000" })).Single();

        Assert.Null(big.Error);
        var bucket = big.Profiles.Single(p => p.Column == "bucket");
        Assert.True(bucket.Sampled);
        Assert.InRange(bucket.Rows, 5_000, 60_000);
        Assert.Equal(7, bucket.Distinct);
        Assert.Equal(200_000, big.Snapshot!.RowCount);
    }

    [Fact]
    public async Task A_table_past_the_statement_timeout_fails_alone_with_the_fix()
    {
        var source = await HarvestHarness.CreateSourceDatabaseAsync("""
            CREATE VIEW slow AS SELECT pg_sleep(3)::text AS nap;
            CREATE TABLE quick (id int);
            """);

        var datasets = await ExtractAsync(source, new() { ["statementTimeoutSeconds"] = "1" });

        var slow = datasets.Single(d => d.QualifiedName == "public.slow");
        Assert.Null(slow.Snapshot);
        Assert.Contains("statementTimeoutSeconds", slow.Error, StringComparison.Ordinal);
        Assert.NotNull(datasets.Single(d => d.QualifiedName == "public.quick").Snapshot);
    }

    [Fact]
    public async Task A_small_table_that_fails_inside_a_batch_fails_alone_and_the_rest_of_its_batch_is_profiled()
    {
        // A row-level security policy that divides by zero makes reading one table fail for a role that is not its owner.
        var role = "reader_" + Guid.NewGuid().ToString("N")[..12];
        var source = await HarvestHarness.CreateSourceDatabaseAsync($"""
            CREATE TABLE a (id int); INSERT INTO a VALUES (1), (2);
            CREATE TABLE broken (id int); INSERT INTO broken VALUES (1);
            CREATE TABLE c (id int); INSERT INTO c VALUES (1), (2), (3);
            ALTER TABLE broken ENABLE ROW LEVEL SECURITY;
            CREATE POLICY divide ON broken USING (1 / (id - id) = 1);
            CREATE ROLE {role} LOGIN PASSWORD 'reader-pw';
            GRANT SELECT ON a, broken, c TO {role};
            """);
        var asReader = new Npgsql.NpgsqlConnectionStringBuilder(source) { Username = role, Password = "reader-pw" }.ConnectionString;

        var datasets = await ExtractAsync(asReader, []);

        Assert.Equal(["public.a", "public.broken", "public.c"], datasets.Select(d => d.QualifiedName));
        Assert.Equal("Profiling public.broken failed: division by zero (SQLSTATE 22012).", datasets[1].Error);
        Assert.Equal((2L, 3L), (datasets[0].Snapshot!.RowCount!.Value, datasets[2].Snapshot!.RowCount!.Value));
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_as_the_source_being_unavailable()
    {
        var source = new SourceDefinition("transport-db", "transport", SourceKind.Postgres, "교통", "env:NOWHERE", "0 0 3 * * ?");

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(async () =>
        {
            await foreach (var _ in new PostgresConnector().ExtractAsync(source, "Host=127.0.0.1;Port=1;Database=none;Username=x;Password=secret-value;Timeout=3", default))
            {
            }
        });

        Assert.Contains("transport-db", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<ExtractedDataset>> ExtractAsync(string connectionString, Dictionary<string, string> options)
    {
        var source = new SourceDefinition("test-db", "test", SourceKind.Postgres, "시험", "env:TEST", "0 0 3 * * ?", Options: options);
        var datasets = new List<ExtractedDataset>();
        await foreach (var dataset in new PostgresConnector().ExtractAsync(source, connectionString, default))
        {
            datasets.Add(dataset);
        }

        return datasets;
    }
}
