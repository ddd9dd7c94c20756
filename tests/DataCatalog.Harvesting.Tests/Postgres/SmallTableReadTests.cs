using System.Text.Json;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.Postgres;
using DataCatalog.Harvesting.Extract;
using DataCatalog.Harvesting.Tests.Pipeline;

namespace DataCatalog.Harvesting.Tests.Postgres;

/// <summary>Small tables are read whole and profiled in the harvester; every figure must be the one the one-pass
/// statement gives, so the same source is harvested both ways and the profiles compared field by field.</summary>
public sealed class SmallTableReadTests
{
    private const string Shapes = """"
        CREATE TABLE shapes (
            id integer, big bigint, amount numeric(8,2), ratio numeric, note text, code char(5), name varchar(40),
            day date, at timestamp, zoned timestamptz, flag boolean, tags text[], doc json, nothing text, phone text, manager_nm text
        );
        INSERT INTO shapes
        SELECT g, g * 10000000000, round(g / 7.0, 2), (g % 9) - 4.5 + g / 1000.0,
               CASE g % 6 WHEN 0 THEN '' WHEN 1 THEN '  ' WHEN 2 THEN E'\t' WHEN 3 THEN '가나다' || g % 3 WHEN 4 THEN '😀' || repeat('각', 70) ELSE E'\uFFFD' || g % 2 END,
               CASE WHEN g % 4 = 0 THEN NULL ELSE lpad((g % 5)::text, 3, '0') END,
               CASE g % 3 WHEN 0 THEN 'Zeta' WHEN 1 THEN 'alpha' ELSE '서울 ' || g % 4 END,
               date '2023-12-30' + g, timestamp '2024-01-01 00:00:00.5' + g * interval '1 hour 0.25 second',
               timestamptz '2024-03-31 00:30:00+00' + g * interval '30 minutes', g % 3 = 0, ARRAY['a' || g % 2, 'b'], json_build_object('k', g % 3),
               NULL, '010-' || lpad((1000 + g % 7)::text, 4, '0') || '-' || lpad((g * 37 % 10000)::text, 4, '0'),
               (ARRAY['김민준', '박서연', '이하은'])[1 + g % 3]
        FROM generate_series(1, 300) g;
        CREATE TABLE empty_one (id int, label text);
        CREATE TABLE unanalyzed AS SELECT g AS id, (g % 13)::text AS bucket FROM generate_series(1, 6000) g;
        CREATE TABLE stale (id int, label text);
        INSERT INTO stale VALUES (1, 'one');
        ANALYZE stale;
        INSERT INTO stale SELECT g, 'many ' || g % 11 FROM generate_series(2, 5200) g;
        CREATE TABLE zoned (at timestamptz, label text COLLATE "C");
        INSERT INTO zoned VALUES ('2024-01-01 09:00:00+09', 'b'), ('infinity', 'a');
        """";

    [Fact]
    public async Task A_small_table_read_whole_gives_every_figure_the_one_pass_statement_gives()
    {
        var source = await HarvestHarness.CreateSourceDatabaseAsync(Shapes);
        var reading = new PostgresConnector();

        var read = await ExtractAsync(reading, source);
        var statement = await ExtractAsync(new PostgresConnector(readSmallTables: false), source);

        Assert.Equal(statement.Select(d => d.QualifiedName), read.Select(d => d.QualifiedName));
        foreach (var (expected, actual) in statement.Zip(read))
        {
            Assert.Null(actual.Error);
            Assert.Equal(expected.Snapshot!.RowCount, actual.Snapshot!.RowCount);
            Assert.Equal(expected.Profiles.Select(p => JsonSerializer.Serialize(p)), actual.Profiles.Select(p => JsonSerializer.Serialize(p)));
        }

        // shapes and empty_one were read whole; unanalyzed and stale hold more rows than a read may take, and zoned holds
        // an instant (infinity) the harvester does not order: those took the statement.
        Assert.Equal(2, reading.TablesReadWhole);
        Assert.Equal(5, reading.TablesProfiled);
        var shapes = read.Single(d => d.QualifiedName == "public.shapes").Profiles.ToDictionary(p => p.Column);
        // '' and '  ' are blank as btrim counts them; a tab is not.
        Assert.Equal((300L, 0L, 100L), (shapes["note"].Rows, shapes["note"].Nulls, shapes["note"].Empty));
        Assert.Equal(5_200, read.Single(d => d.QualifiedName == "public.stale").Snapshot!.RowCount);
    }

    [Fact]
    public async Task Text_in_a_collation_the_harvester_cannot_order_keeps_the_statement()
    {
        var source = await HarvestHarness.CreateSourceDatabaseAsync("""
            CREATE COLLATION IF NOT EXISTS ko_icu (provider = icu, locale = 'ko-KR');
            CREATE TABLE signs (label text COLLATE ko_icu, id int);
            INSERT INTO signs VALUES ('b', 1), ('A', 2), ('a', 3);
            CREATE TABLE plain (label text, id int);
            INSERT INTO plain VALUES ('b', 1), ('A', 2), ('a', 3);
            """);
        var reading = new PostgresConnector();

        var datasets = await ExtractAsync(reading, source);

        Assert.Equal(1, reading.TablesReadWhole);
        Assert.Equal(("a", "b"), (datasets.Single(d => d.QualifiedName == "public.signs").Profiles[0].Min, datasets.Single(d => d.QualifiedName == "public.signs").Profiles[0].Max));
        Assert.Equal(("A", "b"), (datasets.Single(d => d.QualifiedName == "public.plain").Profiles[0].Min, datasets.Single(d => d.QualifiedName == "public.plain").Profiles[0].Max));
    }

    [Fact]
    public async Task A_table_of_long_documents_keeps_the_statement_so_its_rows_are_never_all_held_in_memory()
    {
        // 40 rows of 1 MiB of hex: about 40 MB with TOAST, past the 16 MiB a table may have to be read whole.
        var source = await HarvestHarness.CreateSourceDatabaseAsync("""
            CREATE TABLE docs AS
            SELECT g AS id, (SELECT string_agg(md5(g::text || '-' || i::text), '') FROM generate_series(1, 32768) i) AS body
            FROM generate_series(1, 40) g;
            """);
        var reading = new PostgresConnector();

        var docs = (await ExtractAsync(reading, source)).Single();

        Assert.Equal((0L, 1L), (reading.TablesReadWhole, reading.TablesProfiled));
        Assert.Equal(40, docs.Snapshot!.RowCount);
        Assert.Equal(1_048_576, docs.Profiles.Single(p => p.Column == "body").MaxLength);
    }

    private static async Task<List<ExtractedDataset>> ExtractAsync(PostgresConnector connector, string connectionString)
    {
        var source = new SourceDefinition("test-db", "test", SourceKind.Postgres, "시험", "env:TEST", "0 0 3 * * ?", Options: new Dictionary<string, string>());
        var datasets = new List<ExtractedDataset>();
        await foreach (var dataset in connector.ExtractAsync(source, connectionString, default))
        {
            datasets.Add(dataset);
        }

        return datasets;
    }
}
