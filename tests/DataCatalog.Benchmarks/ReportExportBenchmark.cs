using System.Diagnostics;
using System.Globalization;
using DataCatalog.Core.Reports;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using DataCatalog.Persistence.Reports;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataCatalog.Benchmarks;

/// <summary>The <c>report-export</c> verb: the rule-failures report over that many failed rule results, written to a file
/// through <see cref="ReportExporter"/> (rows/s, peak memory), beside PostgreSQL's own <c>COPY (the same query) TO STDOUT
/// (FORMAT csv)</c> into a file: the floor of reading those rows out of the server at all.</summary>
internal static class ReportExportBenchmark
{
    private const int Datasets = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = 1_000_000;
        var explain = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rows" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                rows = n;
                i++;
            }
            else if (args[i] == "--explain")
            {
                explain = true;
            }
            else
            {
                Console.Error.WriteLine($"report-export: unknown argument '{args[i]}'. Usage: report-export [--rows 1000000] [--explain]");
                return 2;
            }
        }

        var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        var load = Stopwatch.StartNew();
        await SeedAsync(connectionString, rows);
        Console.WriteLine($"loaded     {rows:N0} failed rule results on {Datasets} datasets in {load.Elapsed.TotalSeconds:F1} s");

        var kind = ReportKinds.Find(ReportKinds.RuleFailures)!;
        var scope = new ReportScope(null, new DateOnly(2026, 11, 26));
        var folder = Directory.CreateTempSubdirectory("report-export-bench-").FullName;
        try
        {
            if (explain)
            {
                await ExplainAsync(connectionString, scope);
            }

            // Warm both paths once (plans, caches, JIT), then measure each.
            var copyFile = Path.Combine(folder, "copy.csv");
            await CopyAsync(connectionString, scope, copyFile);
            var exporter = new ReportExporter(new Factory(connectionString));
            await exporter.WriteFolderAsync(kind, scope, folder, CancellationToken.None);

            GC.Collect();
            var copyClock = Stopwatch.StartNew();
            var copyBytes = await CopyAsync(connectionString, scope, copyFile);
            var copySeconds = copyClock.Elapsed.TotalSeconds;

            GC.Collect();
            using var memory = new MemorySampler(TimeSpan.FromMilliseconds(20));
            var clock = Stopwatch.StartNew();
            var manifest = await exporter.WriteFolderAsync(kind, scope, folder, CancellationToken.None);
            var seconds = clock.Elapsed.TotalSeconds;
            memory.Sample();
            var file = manifest.Files.Single();
            if (file.Rows != rows)
            {
                Console.Error.WriteLine($"report-export: the report has {file.Rows:N0} rows, expected {rows:N0}.");
                return 1;
            }

            Console.WriteLine($"COPY csv   {copySeconds,6:F2} s  {rows / copySeconds,12:N0} rows/s  {copyBytes / 1048576.0,7:F1} MiB (reference: COPY (the same query) TO STDOUT into a file)");
            Console.WriteLine($"report     {seconds,6:F2} s  {rows / seconds,12:N0} rows/s  {file.Bytes / 1048576.0,7:F1} MiB, SHA-256 and manifest; × COPY: {seconds / copySeconds:F2}");
            Console.WriteLine($"memory     peak managed heap {memory.PeakHeapBytes / 1048576.0:F0} MiB, peak working set {MemorySampler.PeakWorkingSetBytes() / 1048576.0:F0} MiB (goals: ≥ 200,000 rows/s, ≤ 300 MB)");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task SeedAsync(string connectionString, int rows)
    {
        var at = new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero);
        await using (var db = TestPostgres.Context(connectionString))
        {
            var department = new Department { Code = "bench", Name = "성능시험과", CreatedAt = at };
            db.Sources.Add(new Source { Id = "bench-db", Department = department, Kind = "postgres", Name = "bench", ConnectionRef = "env:BENCH", Schedule = "0 0 3 * * ?", CreatedAt = at, UpdatedAt = at });
            var run = new HarvestRun { SourceId = "bench-db", Trigger = "bench", Node = "bench", StartedAt = at, FinishedAt = at, Status = HarvestStatus.Succeeded };
            db.HarvestRuns.Add(run);
            await db.SaveChangesAsync();
            for (var i = 0; i < Datasets; i++)
            {
                db.Datasets.Add(new Dataset
                {
                    SourceId = "bench-db", QualifiedName = $"public.table_{i:D3}", Fingerprint = "fp", FirstSeenRunId = run.Id, LastSeenRunId = run.Id,
                    FirstSeenAt = at, LastSeenAt = at,
                });
            }

            await db.SaveChangesAsync();
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO rule_results (harvest_run_id, dataset_id, rule_id, dimension, column_name, passed, measured, threshold, examined, failing,
                                      message, evaluated_at, kind, status, severity, examples)
            SELECT r.id, d.id, 'validity.pattern.' || g, 'Validity', 'column_' || (g % 40), false, 0.5, 0.95, 1000, 500,
                   CASE WHEN g % 10 = 0 THEN '=SUM(A1:A' || g || ')' ELSE '형식이 맞지 않는 값 ' || g || '건' END,
                   @at, 'pattern', 'Failed', 'Error', '["010-****-1234", "-5"]'::jsonb
            FROM generate_series(0, @rows - 1) g
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM datasets) d ON d.n = g % 100
            CROSS JOIN (SELECT id FROM harvest_runs LIMIT 1) r;
            ANALYZE rule_results;
            """, connection);
        command.CommandTimeout = 0;
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("rows", rows);
        await command.ExecuteNonQueryAsync();
    }

    // COPY takes no parameters: the scope goes in as literals, the query is otherwise the report's own.
    private static string LiteralQuery(ReportScope scope) => ReportQueries.For(ReportKinds.RuleFailures)
        .Replace("@cutoff", $"'{ReportScope.Iso(scope.Cutoff)}'::timestamptz", StringComparison.Ordinal)
        .Replace("@department::text", "NULL::text", StringComparison.Ordinal)
        .Replace("@department", "NULL", StringComparison.Ordinal);

    /// <summary>Prints <c>EXPLAIN (ANALYZE, BUFFERS)</c> of the query under the exporter's session settings.</summary>
    private static async Task ExplainAsync(string connectionString, ReportScope scope)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var settings = new NpgsqlCommand(ReportExporter.SessionSettings, connection, transaction))
        {
            await settings.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS) {LiteralQuery(scope)}", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            Console.WriteLine(reader.GetString(0));
        }
    }

    private static async Task<long> CopyAsync(string connectionString, ReportScope scope, string path)
    {
        var sql = LiteralQuery(scope);
        // The sort of a million rows comes before the first byte: no command timeout, as the exporter has none.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var settings = new NpgsqlCommand(ReportExporter.SessionSettings, connection, transaction))
        {
            await settings.ExecuteNonQueryAsync();
        }

        await using (var output = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 16))
        using (var copy = await connection.BeginTextExportAsync($"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER)"))
        {
            var buffer = new char[1 << 16];
            int read;
            while ((read = await copy.ReadAsync(buffer)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read));
            }
        }

        return new FileInfo(path).Length;
    }

    private sealed class Factory(string connectionString) : IDbContextFactory<CatalogDbContext>
    {
        public CatalogDbContext CreateDbContext() => TestPostgres.Context(connectionString);
    }
}
