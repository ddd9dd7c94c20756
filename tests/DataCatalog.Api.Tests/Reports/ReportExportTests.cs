using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using DataCatalog.Api.Tests.Catalog;
using DataCatalog.Core.Reports;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Reports;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataCatalog.Api.Tests.Reports;

/// <summary>The reports straight from <see cref="ReportExporter"/> over a seeded catalog (a fresh database per test).</summary>
public sealed class ReportExportTests
{
    private static readonly string[] HistoryKinds = [ReportKinds.Compliance, ReportKinds.RuleFailures, ReportKinds.Waivers, ReportKinds.PiiInventory, ReportKinds.StandardTerms];

    [Fact]
    public async Task A_report_for_a_past_day_taken_after_later_changes_equals_the_report_taken_on_that_day()
    {
        var (connectionString, ids) = await SeededAsync();
        var exporter = Exporter(connectionString);
        var before = new Dictionary<string, byte[]>();
        foreach (var kind in HistoryKinds)
        {
            before[kind] = await CsvAsync(exporter, kind, null, ReportSeed.AsOf);
        }

        await using (var db = TestPostgres.Context(connectionString))
        {
            await ReportSeed.LaterChangesAsync(db, ids);
        }

        foreach (var kind in HistoryKinds)
        {
            var again = await CsvAsync(exporter, kind, null, ReportSeed.AsOf);
            Assert.True(before[kind].AsSpan().SequenceEqual(again), $"{kind} as of {ReportSeed.AsOf} changed after later changes:\n{Text(before[kind])}\n---\n{Text(again)}");
            // And the later changes do show for a later day, so the comparison above could fail.
            var later = await CsvAsync(exporter, kind, null, ReportSeed.AfterChanges);
            Assert.False(before[kind].AsSpan().SequenceEqual(later), $"{kind} did not change between {ReportSeed.AsOf} and {ReportSeed.AfterChanges}");
        }
    }

    [Fact]
    public async Task Rule_failures_as_of_a_day_list_that_days_failed_rules_with_their_findings_status_on_that_day()
    {
        var (connectionString, ids) = await SeededAsync();
        var exporter = Exporter(connectionString);
        await using (var db = TestPostgres.Context(connectionString))
        {
            await ReportSeed.LaterChangesAsync(db, ids);
        }

        var rows = Read(await CsvAsync(exporter, ReportKinds.RuleFailures, "TRN", ReportSeed.AsOf));
        Assert.Equal(ReportKinds.Find(ReportKinds.RuleFailures)!.Columns, rows[0]);
        Assert.Equal(["inj.1", "inj.2", "inj.3", "inj.4", "inj.5", "inj.6", "inj.7", "std.lot_name"], rows.Skip(1).Select(r => r[4]));
        Assert.Equal(["TRN", "trn-db", ReportSeed.Parking, "lot_name", "inj.1", "pattern", "validity", "error", "failed", "100", "50", "0.5", "0.5", "0.95"], rows[1][..14]);
        Assert.Equal("010-****-1234 | -5", rows[1][15]);
        Assert.Equal("2026-04-01T10:00:00+09:00", rows[1][16]);
        Assert.Equal("waived", rows[1][18]);
        Assert.Equal("", rows[2][18]);

        var later = Read(await CsvAsync(exporter, ReportKinds.RuleFailures, "TRN", ReportSeed.AfterChanges));
        Assert.Equal(["late.failure"], later.Skip(1).Select(r => r[4]));
        Assert.Equal("waived", later[1][18]);
        Assert.Single(Read(await CsvAsync(exporter, ReportKinds.RuleFailures, "WEL", ReportSeed.AsOf)));
    }

    [Fact]
    public async Task Csv_injection_payloads_come_out_neutralised_and_read_back_by_CsvHelper_as_the_same_values()
    {
        var (connectionString, _) = await SeededAsync();
        var bytes = await CsvAsync(Exporter(connectionString), ReportKinds.RuleFailures, "TRN", ReportSeed.AsOf);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        var rows = Read(bytes);
        var messages = rows.Skip(1).Take(ReportSeed.Payloads.Length).Select(r => r[14]).ToList();
        Assert.Equal(ReportSeed.Payloads.Select(p => "'" + p), messages);
        Assert.Equal(ReportSeed.Payloads, messages.Select(CsvCell.Restore));
        // A negative example inside a cell is not at its start, so the cell is left as it is.
        Assert.All(rows.Skip(1).Take(ReportSeed.Payloads.Length), r => Assert.Equal("010-****-1234 | -5", r[15]));
    }

    [Fact]
    public async Task Waivers_say_who_granted_them_why_until_when_and_whether_they_had_expired_on_the_day()
    {
        var (connectionString, ids) = await SeededAsync();
        var exporter = Exporter(connectionString);
        await using (var db = TestPostgres.Context(connectionString))
        {
            await ReportSeed.LaterChangesAsync(db, ids);
        }

        var onTheDay = Read(await CsvAsync(exporter, ReportKinds.Waivers, null, ReportSeed.AsOf));
        Assert.Equal(2, onTheDay.Count);
        Assert.Equal(["TRN", "trn-db", ReportSeed.Parking, "lot_name", "inj.1", "error", "김민수", "2026-04-10T12:00:00+09:00", "정비 예정", "2026-06-30", "no", "waived"], onTheDay[1][1..]);

        var after = Read(await CsvAsync(exporter, ReportKinds.Waivers, null, ReportSeed.AfterChanges));
        Assert.Equal(3, after.Count);
        Assert.Equal(["2026-06-30", "yes", "resolved"], after[1][10..]);
        Assert.Equal(["이영희", "2026-06-01T11:00:00+09:00", "예산 확보 후", "2026-12-31", "no", "waived"], after[2][7..]);
    }

    [Fact]
    public async Task Compliance_summarises_each_department_on_the_day()
    {
        var (connectionString, ids) = await SeededAsync();
        var exporter = Exporter(connectionString);
        await using (var db = TestPostgres.Context(connectionString))
        {
            await ReportSeed.LaterChangesAsync(db, ids);
        }

        var rows = Read(await CsvAsync(exporter, ReportKinds.Compliance, null, ReportSeed.AsOf));
        Assert.Equal(["ENV", "TRN", "WEL"], rows.Skip(1).Select(r => r[0]));
        var trn = Row(rows, "TRN");
        Assert.Equal(["TRN", "교통정책과", "14", "14"], trn[..4]);
        Assert.Equal(ReportScope.Number(Enumerable.Range(1, 14).Average(CatalogSeed.LatestScore)), trn[4]);
        Assert.Equal("90", trn[5]);
        Assert.Equal("", trn[6]); // no counts behind the completeness score: no error rate rather than 0
        Assert.Equal(["2", "1", "0.5"], trn[19..22]);
        Assert.Equal(["0", "0", "1", "0", "0"], trn[22..27]);
        Assert.Equal(["0", "0", "0", "0"], trn[27..31]);
        Assert.Equal(["2", "2", "1", "2026-04-01T10:02:00+09:00", "2"], trn[31..36]);
    }

    [Fact]
    public async Task Personal_data_inventory_names_classes_and_leaves_out_columns_added_after_the_day()
    {
        var (connectionString, ids) = await SeededAsync();
        var exporter = Exporter(connectionString);
        await using (var db = TestPostgres.Context(connectionString))
        {
            await ReportSeed.LaterChangesAsync(db, ids);
        }

        var onTheDay = Read(await CsvAsync(exporter, ReportKinds.PiiInventory, null, ReportSeed.AsOf));
        Assert.Equal(2, onTheDay.Count);
        Assert.Equal(["WEL", "wel-portal", ReportSeed.SeniorCenter, "manager_phone", "MobilePhone", "steward:WEL; auditor; admin (masked examples only)"], onTheDay[1]);
        var after = Read(await CsvAsync(exporter, ReportKinds.PiiInventory, null, ReportSeed.AfterChanges));
        Assert.Equal(["manager_phone", "owner_email"], after.Skip(1).Select(r => r[3]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Writing_into_a_folder_leaves_the_csv_and_a_manifest_whose_hash_is_the_files()
    {
        var (connectionString, _) = await SeededAsync();
        var folder = Directory.CreateTempSubdirectory("catalog-report-").FullName;
        try
        {
            var kind = ReportKinds.Find(ReportKinds.StandardTerms)!;
            var manifest = await Exporter(connectionString).WriteFolderAsync(kind, new ReportScope("TRN", ReportSeed.AsOf), folder, CancellationToken.None);
            Assert.Equal(["manifest.json", "standard-terms-TRN-2026-04-15.csv"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            var csv = await File.ReadAllBytesAsync(Path.Combine(folder, "standard-terms-TRN-2026-04-15.csv"));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(csv)), manifest.Files.Single().Sha256);
            Assert.Equal(2, manifest.Files.Single().Rows);
            var json = await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json"));
            Assert.Contains($"\"sha256\": \"{manifest.Files.Single().Sha256}\"", json, StringComparison.Ordinal);
            Assert.Contains("\"asOf\": \"2026-04-15\"", json, StringComparison.Ordinal);
            Assert.Contains("\"cutoff\": \"2026-04-16T00:00:00+09:00\"", json, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_stopped_export_leaves_nothing_in_the_folder()
    {
        var (connectionString, _) = await SeededAsync();
        var folder = Directory.CreateTempSubdirectory("catalog-report-").FullName;
        try
        {
            using var stopped = new CancellationTokenSource();
            await stopped.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                Exporter(connectionString).WriteFolderAsync(ReportKinds.Find(ReportKinds.Compliance)!, new ReportScope(null, ReportSeed.AsOf), folder, stopped.Token));
            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Rule_failures_join_each_results_examples_as_postgres_prints_them_and_match_a_finding_on_a_missing_column_exactly()
    {
        var (connectionString, ids) = await SeededAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // Results of the parking lot's latest scoring (the run and time of inj.1), with examples the C# join must print
            // as string_agg over jsonb_array_elements_text did: escapes, an empty string, JSON null (left out), a number as
            // jsonb prints it, a boolean, a nested object, an empty list, and a trigger at the front of the joined cell.
            // ex.2 has no column; its dataset has a finding for ex.2 without column (acknowledged) and one for ex.2 on the
            // column named "" (waived): only the first is its finding. ex.4's rule and column have a finding on another
            // dataset only: not its finding.
            await using var command = new NpgsqlCommand("""
                INSERT INTO rule_results (harvest_run_id, dataset_id, rule_id, dimension, column_name, passed, measured, threshold, examined, failing,
                                          message, evaluated_at, kind, status, severity, examples)
                SELECT r.harvest_run_id, r.dataset_id, x.rule_id, 'Validity', x.column_name, false, 0.5, 0.95, 10, 5, 'x', r.evaluated_at,
                       'pattern', 'Failed', 'Error', x.examples::jsonb
                FROM rule_results r
                CROSS JOIN (VALUES ('ex.1', 'lot_name', '["서울 \"중구\"", "back\\slash", "a | b", ""]'),
                                   ('ex.2', NULL, '[]'),
                                   ('ex.3', 'lot_name', '["a", null, 12.50, 1e2, true, {"k": [1, 2], "a": null}]'),
                                   ('ex.4', 'lot_name', '["=cmd", "x"]'),
                                   ('ex.5', 'lot_name', '[null]')) AS x(rule_id, column_name, examples)
                WHERE r.dataset_id = @parking AND r.rule_id = 'inj.1';
                WITH f AS (
                    INSERT INTO findings (dataset_id, rule_id, column_name, dimension, severity, status, examined, failing, examples, opened_at, updated_at)
                    VALUES (@parking, 'ex.2', NULL, 'Validity', 'Error', 'Acknowledged', 10, 5, '[]', @at, @at),
                           (@parking, 'ex.2', '', 'Validity', 'Error', 'Waived', 10, 5, '[]', @at, @at),
                           (@other, 'ex.4', 'lot_name', 'Validity', 'Error', 'Waived', 10, 5, '[]', @at, @at)
                    RETURNING id, column_name, status)
                INSERT INTO finding_events (finding_id, "from", "to", actor, note, at)
                SELECT f.id, 'Open', f.status, 'catalog', NULL, @at FROM f;
                """, connection);
            command.Parameters.AddWithValue("parking", ids.Datasets[ReportSeed.Parking]);
            command.Parameters.AddWithValue("other", ids.Datasets[ReportSeed.BusStop]);
            command.Parameters.AddWithValue("at", new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero));
            await command.ExecuteNonQueryAsync();
        }

        var rows = Read(await CsvAsync(Exporter(connectionString), ReportKinds.RuleFailures, "TRN", ReportSeed.AsOf));

        Assert.Equal(["ex.1", "ex.2", "ex.3", "ex.4", "ex.5"], rows.Skip(1).Take(5).Select(r => r[4]));
        Assert.Equal(["서울 \"중구\" | back\\slash | a | b | ", "", "a | 12.50 | 100 | true | {\"a\": null, \"k\": [1, 2]}", "'=cmd | x", ""],
            rows.Skip(1).Take(5).Select(r => r[15]));
        Assert.Equal("", rows[2][3]);
        Assert.Equal("acknowledged", rows[2][18]);
        Assert.Equal(["", "", "", ""], new[] { rows[1][18], rows[3][18], rows[4][18], rows[5][18] });
        Assert.Equal(14, rows.Count);
    }

    internal static async Task<(string ConnectionString, SeededIds Ids)> SeededAsync()
    {
        var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        await using var db = TestPostgres.Context(connectionString);
        var ids = await CatalogSeed.SeedAsync(db);
        await ReportSeed.SeedAsync(db, ids);
        return (connectionString, ids);
    }

    internal static ReportExporter Exporter(string connectionString) =>
        new(new ContextFactory(connectionString));

    internal static async Task<byte[]> CsvAsync(ReportExporter exporter, string kind, string? department, DateOnly asOf)
    {
        using var buffer = new MemoryStream();
        await exporter.WriteCsvAsync(ReportKinds.Find(kind)!, new ReportScope(department, asOf), buffer, CancellationToken.None);
        return buffer.ToArray();
    }

    /// <summary>Every record of <paramref name="csv"/> (the header first) as CsvHelper reads it.</summary>
    internal static List<string[]> Read(byte[] csv)
    {
        using var reader = CsvReader.Create(csv, new CsvReaderOptions { HasHeader = false, TrimWhitespace = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Current.ToArray());
        }

        return rows;
    }

    private static string[] Row(List<string[]> rows, string department) => rows.Single(r => r[0] == department);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private sealed class ContextFactory(string connectionString) : IDbContextFactory<CatalogDbContext>
    {
        public CatalogDbContext CreateDbContext() => TestPostgres.Context(connectionString);
    }
}
