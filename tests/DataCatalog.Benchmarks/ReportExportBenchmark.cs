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
    private const string ApplicationName = "datacatalog-report-bench";

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
        Console.WriteLine($"loaded     {rows:N0} failed rule results on {Datasets} datasets (latest of {Scorings.Length} scorings) in {load.Elapsed.TotalSeconds:F1} s");

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
            var (copyBytes, copyCpu) = await CopyAsync(connectionString, scope, copyFile);
            var copySeconds = copyClock.Elapsed.TotalSeconds;

            GC.Collect();
            using var memory = new MemorySampler(TimeSpan.FromMilliseconds(20));
            var backend = new BackendCpu.Watcher(connectionString, ApplicationName);
            var processCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var manifest = await exporter.WriteFolderAsync(kind, scope, folder, CancellationToken.None);
            var seconds = clock.Elapsed.TotalSeconds;
            var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - processCpu).TotalSeconds;
            await backend.DisposeAsync();
            memory.Sample();
            var file = manifest.Files.Single();
            if (file.Rows != rows)
            {
                Console.Error.WriteLine($"report-export: the report has {file.Rows:N0} rows, expected {rows:N0}.");
                return 1;
            }

            Console.WriteLine($"COPY csv   {copySeconds,6:F2} s  {rows / copySeconds,12:N0} rows/s  {copyBytes / 1048576.0,7:F1} MiB (reference: COPY (the same query) TO STDOUT into a file)");
            Console.WriteLine($"report     {seconds,6:F2} s  {rows / seconds,12:N0} rows/s  {file.Bytes / 1048576.0,7:F1} MiB, SHA-256 {file.Sha256[..12]} and manifest; × COPY: {seconds / copySeconds:F2}");
            Console.WriteLine($"cpu        report: backend {Cpu(backend.Seconds)}, benchmark process {clientCpu:F2} s; COPY: backend {Cpu(copyCpu)}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine($"memory     peak managed heap {memory.PeakHeapBytes / 1048576.0:F0} MiB, peak working set {MemorySampler.PeakWorkingSetBytes() / 1048576.0:F0} MiB (goals: ≥ 200,000 rows/s, ≤ 300 MB)");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Three scorings (1, 8 and 15 November), each writing every dataset's results together, one dataset after the other,
    // as DatasetScoring does (a scoring run inserts one dataset's results in one batch): a dataset's results lie on
    // neighbouring heap pages, and the report, which reads only each dataset's latest scoring, has two older ones to skip.
    // The latest scoring fails `rows` results (8 in 10 Failed, 2 in 10 Warned) and passes a tenth as many more, which the
    // report leaves out. A rule runs on 40 columns, the 40th being a dataset-level check (no column). Every tenth failing
    // result has a finding, opened at the first scoring; some were acknowledged or waived before the day, and some
    // resolved after it (which the report must not see). The search triggers are off while seeding: the search documents
    // are not what this benchmark reads, and a per-row trigger would only make the seed slower.
    private static readonly DateTimeOffset[] Scorings =
    [
        new(2026, 11, 1, 1, 0, 0, TimeSpan.Zero), new(2026, 11, 8, 1, 0, 0, TimeSpan.Zero), new(2026, 11, 15, 1, 0, 0, TimeSpan.Zero),
    ];

    private static async Task SeedAsync(string connectionString, int rows)
    {
        var at = Scorings[0];
        await using (var db = TestPostgres.Context(connectionString))
        {
            var department = new Department { Code = "bench", Name = "성능시험과", CreatedAt = at };
            db.Sources.Add(new Source { Id = "bench-db", Department = department, Kind = "postgres", Name = "bench", ConnectionRef = "env:BENCH", Schedule = "0 0 3 * * ?", CreatedAt = at, UpdatedAt = at });
            foreach (var scoring in Scorings)
            {
                db.HarvestRuns.Add(new HarvestRun { SourceId = "bench-db", Trigger = "bench", Node = "bench", StartedAt = scoring, FinishedAt = scoring, Status = HarvestStatus.Succeeded });
            }

            await db.SaveChangesAsync();
            var first = await db.HarvestRuns.MinAsync(r => r.Id);
            for (var i = 0; i < Datasets; i++)
            {
                db.Datasets.Add(new Dataset
                {
                    SourceId = "bench-db", QualifiedName = $"public.table_{i:D3}", Fingerprint = "fp", FirstSeenRunId = first, LastSeenRunId = first,
                    FirstSeenAt = at, LastSeenAt = at,
                });
            }

            await db.SaveChangesAsync();
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var off = new NpgsqlCommand("ALTER TABLE rule_results DISABLE TRIGGER dataset_search_mark_insert; ALTER TABLE findings DISABLE TRIGGER dataset_search_mark_insert", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        var perDataset = (rows + Datasets - 1) / Datasets;
        for (var s = 0; s < Scorings.Length; s++)
        {
            // Datasets one after the other, each one's results in one statement, in the order the scorer evaluates them.
            await using var command = new NpgsqlCommand("""
                INSERT INTO rule_results (harvest_run_id, dataset_id, rule_id, dimension, column_name, passed, measured, threshold, examined, failing,
                                          message, evaluated_at, kind, status, severity, examples)
                SELECT r.id, d.id, 'validity.pattern.' || (j / 40), 'Validity', CASE WHEN j % 40 <> 39 THEN 'column_' || (j % 40) END,
                       j >= f.n, CASE WHEN j >= f.n THEN 1 ELSE 0.5 + (j % 100) / 1000.0 END, 0.95, 1000, CASE WHEN j >= f.n THEN 0 ELSE 500 - j % 100 END,
                       CASE WHEN j >= f.n THEN NULL WHEN j % 10 = 0 THEN '=SUM(A1:A' || j || ')' ELSE '형식이 맞지 않는 값 ' || j || '건' END,
                       @at, 'pattern', CASE WHEN j >= f.n THEN 'Passed' WHEN j % 10 < 8 THEN 'Failed' ELSE 'Warned' END,
                       CASE WHEN j % 10 < 8 THEN 'Error' ELSE 'Warning' END,
                       CASE WHEN j >= f.n OR j % 7 = 0 THEN '[]'
                            WHEN j % 7 = 1 THEN '["서울특별시 \"중구\" 세종대로", "a|b", "back\\slash"]'
                            ELSE '["010-****-1234", "-5"]' END::jsonb
                FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM datasets) d
                CROSS JOIN LATERAL (SELECT CASE WHEN d.n < @rows % @datasets OR @rows % @datasets = 0 THEN @per ELSE @per - 1 END AS n) f
                CROSS JOIN LATERAL generate_series(0, f.n + f.n / 10 - 1) j
                CROSS JOIN (SELECT id FROM harvest_runs ORDER BY id OFFSET @scoring LIMIT 1) r
                ORDER BY d.n, j
                """, connection);
            command.CommandTimeout = 0;
            command.Parameters.AddWithValue("at", Scorings[s]);
            command.Parameters.AddWithValue("rows", rows);
            command.Parameters.AddWithValue("datasets", Datasets);
            command.Parameters.AddWithValue("per", perDataset);
            command.Parameters.AddWithValue("scoring", s);
            await command.ExecuteNonQueryAsync();
        }

        await using (var findings = new NpgsqlCommand("""
            INSERT INTO findings (dataset_id, rule_id, column_name, dimension, severity, status, message, examined, failing, examples, opened_at, updated_at)
            SELECT r.dataset_id, r.rule_id, r.column_name, r.dimension, r.severity, 'Open', r.message, r.examined, r.failing, r.examples, @first, @first
            FROM rule_results r
            WHERE r.evaluated_at = @first AND r.status <> 'Passed' AND r.id % 10 = 0
            ORDER BY r.id;
            INSERT INTO finding_events (finding_id, "from", "to", actor, note, at)
            SELECT f.id, e."from", e."to", e.actor, e.note, e.at
            FROM findings f
            CROSS JOIN LATERAL (VALUES (NULL, 'Open', 'catalog', 'the rule failed', @first),
                                       (CASE WHEN f.id % 3 = 0 THEN 'Open' END, 'Acknowledged', '김민수', NULL, @first + interval '2 days'),
                                       (CASE WHEN f.id % 5 = 0 THEN 'Open' END, 'Waived', '이영희', 'waived until 2026-12-31: 예산 확보 후', @first + interval '3 days'),
                                       (CASE WHEN f.id % 7 = 0 THEN 'Open' END, 'Resolved', 'catalog', 'the rule passes again', timestamptz '2026-12-01 01:00:00+00'))
                 AS e("from", "to", actor, note, at)
            WHERE e."from" IS NOT NULL OR e."to" = 'Open'
            ORDER BY f.id, e.at;
            ALTER TABLE rule_results ENABLE TRIGGER dataset_search_mark_insert;
            ALTER TABLE findings ENABLE TRIGGER dataset_search_mark_insert;
            ANALYZE rule_results;
            ANALYZE findings;
            ANALYZE finding_events;
            """, connection))
        {
            findings.CommandTimeout = 0;
            findings.Parameters.AddWithValue("first", Scorings[0]);
            await findings.ExecuteNonQueryAsync();
        }
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

    /// <summary>Runs the COPY into <paramref name="path"/>; returns the file's size and the backend's CPU seconds.</summary>
    private static async Task<(long Bytes, double? Cpu)> CopyAsync(string connectionString, ReportScope scope, string path)
    {
        var sql = LiteralQuery(scope);
        // The sort of a million rows comes before the first byte: no command timeout, as the exporter has none.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        var cpu = BackendCpu.Seconds(connection.ProcessID);
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

        var after = BackendCpu.Seconds(connection.ProcessID);
        return (new FileInfo(path).Length, cpu is { } b && after is { } a ? a - b : null);
    }

    private static string Cpu(double? seconds) => seconds is { } s ? $"{s:F2} s" : "n/a";

    /// <summary>The exporter's sessions, named so that <see cref="BackendCpu.Watcher"/> finds their backend, and unpooled so
    /// that the measured export runs on a fresh backend whose CPU counter holds only its own work.</summary>
    private sealed class Factory(string connectionString) : IDbContextFactory<CatalogDbContext>
    {
        private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = ApplicationName, Pooling = false }.ConnectionString;

        public CatalogDbContext CreateDbContext() => TestPostgres.Context(_connectionString);
    }
}
