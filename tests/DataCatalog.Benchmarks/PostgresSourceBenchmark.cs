using System.Diagnostics;
using System.Globalization;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting;
using DataCatalog.Harvesting.Pipeline;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DataCatalog.Benchmarks;

/// <summary>The <c>postgres-source</c> verb: a whole PostgreSQL source of many small tables harvested end to end into a
/// catalog, cold and then unchanged, with peak memory and the rows each run wrote.</summary>
internal static class PostgresSourceBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int tables = 1000, columns = 20, rows = 100;
        var warmUp = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--warm-up")
            {
                warmUp = true;
            }
            else if (i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                && args[i] is "--tables" or "--columns" or "--rows")
            {
                _ = args[i] switch { "--tables" => tables = n, "--columns" => columns = n, _ => rows = n };
                i++;
            }
            else
            {
                Console.Error.WriteLine($"postgres-source: unknown argument '{args[i]}'. Usage: postgres-source [--tables 1000] [--columns 20] [--rows 100] [--warm-up]");
                return 2;
            }
        }

        var source = await TestPostgres.CreateEmptyDatabaseAsync("benchsrc");
        var load = Stopwatch.StartNew();
        await LoadAsync(source, tables, columns, rows);
        Console.WriteLine($"loaded     {tables:N0} tables × {columns} columns × {rows} rows in {load.Elapsed.TotalSeconds:F1} s");
        var warmSource = warmUp ? await TestPostgres.CreateEmptyDatabaseAsync("benchwarm") : null;
        if (warmSource is not null)
        {
            await LoadAsync(warmSource, WarmUpTables, columns, rows);
        }

        var catalog = await TestPostgres.CreateCatalogDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Harvest:Retries"] = "0",
            ["Sources:bench"] = source,
            ["Sources:warm"] = warmSource,
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCatalogPersistence(catalog)
            .AddHarvesting(configuration)
            .BuildServiceProvider();
        await using (var db = TestPostgres.Context(catalog))
        {
            var department = new Department { Code = "bench", Name = "벤치마크과" };
            db.Sources.Add(new Source
            {
                Id = "bench", Department = department, Kind = SourceKind.Postgres, Name = "bench",
                ConnectionRef = "config:Sources:bench", Schedule = "0 0 3 * * ?", Options = [],
            });
            if (warmSource is not null)
            {
                db.Sources.Add(new Source
                {
                    Id = "warm", Department = department, Kind = SourceKind.Postgres, Name = "warm",
                    ConnectionRef = "config:Sources:warm", Schedule = "0 0 3 * * ?", Options = [],
                });
            }

            await db.SaveChangesAsync();
        }

        var runner = services.GetRequiredService<HarvestRunner>();
        if (warmSource is not null)
        {
            // A catalog server has harvested before: its code is compiled. This harvest of another, small source pays the
            // process's JIT warm-up, so the runs below measure the harvest itself.
            var warm = Stopwatch.StartNew();
            var warmed = await runner.RunAsync("warm", "benchmark", CancellationToken.None);
            Console.WriteLine($"warm-up    {WarmUpTables} tables of another source harvested first in {warm.Elapsed.TotalSeconds:F2} s ({warmed.Status}); the runs below are in a warm process");
        }

        var cold = await RunAsync(runner, catalog, source, "cold");
        var unchanged = await RunAsync(runner, catalog, source, "unchanged");
        var reference = await ReadEveryTableAsync(source, tables);
        Console.WriteLine($"reference  {reference,6:F2} s wall: a plain SELECT * of each of the {tables:N0} tables on one connection, every value read (the least a harvest reads); cold × reference: {cold / reference:F1}");
        Console.WriteLine($"goals      cold ≤ 10 s ({cold / 10:P0} of it), unchanged ≤ 3 s ({unchanged / 3:P0} of it)");
        return 0;
    }

    private static async Task<double> ReadEveryTableAsync(string source, int tables)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(source);
        await connection.OpenAsync();
        for (var t = 1; t <= tables; t++)
        {
            await using var command = new NpgsqlCommand($"SELECT * FROM \"tbl_{t}\"", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    _ = reader.GetValue(i);
                }
            }
        }

        return watch.Elapsed.TotalSeconds;
    }

    private const int WarmUpTables = 100;

    private static async Task LoadAsync(string source, int tables, int columns, int rows)
    {
        await using (var connection = new NpgsqlConnection(source))
        {
            await connection.OpenAsync();
            // Columns cycle through the kinds a department table holds: ids, names, codes, dates, amounts, flags.
            var definitions = string.Join(", ", Enumerable.Range(1, columns).Select(c => (c % 5) switch
            {
                0 => $"c{c} integer",
                1 => $"c{c} varchar(100)",
                2 => $"c{c} char(8)",
                3 => $"c{c} numeric(12,2)",
                _ => $"c{c} text",
            }));
            var values = string.Join(", ", Enumerable.Range(1, columns).Select(c => (c % 5) switch
            {
                0 => "g",
                1 => $"'이름 ' || mod(g, {c + 3})",
                2 => "to_char(date '2024-01-01' + g, 'YYYYMMDD')",
                3 => "round(g / 7.0, 2)",
                _ => "CASE WHEN mod(g, 4) = 0 THEN NULL ELSE 'Y' END",
            }));
            await using var command = new NpgsqlCommand($"""
                DO $$
                BEGIN
                  FOR t IN 1..{tables} LOOP
                    EXECUTE format('CREATE TABLE %I ({definitions})', 'tbl_' || t);
                    EXECUTE format('INSERT INTO %I SELECT {values.Replace("'", "''", StringComparison.Ordinal)} FROM generate_series(1, {rows}) g', 'tbl_' || t);
                  END LOOP;
                END $$;
                ANALYZE;
                SELECT pg_stat_force_next_flush();
                """, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<double> RunAsync(HarvestRunner runner, string catalog, string source, string label)
    {
        var before = await CountAsync(catalog);
        GC.Collect();
        using var sampler = new MemorySampler(TimeSpan.FromMilliseconds(20));
        // A pooled session would carry the CPU of the previous run; a fresh backend counts this run alone.
        NpgsqlConnection.ClearAllPools();
        var watcher = new BackendCpu.Watcher(source, "datacatalog-harvest");
        var probeWatcher = new BackendCpu.Watcher(source, "datacatalog-rules");
        var catalogWatcher = new BackendCpu.Watcher(catalog, "");
        var processCpu = Process.GetCurrentProcess().TotalProcessorTime;
        HarvestStages.Reset();
        var clock = Stopwatch.StartNew();
        var run = await runner.RunAsync("bench", "benchmark", CancellationToken.None);
        var wall = clock.Elapsed.TotalSeconds;
        sampler.Sample();
        var harvesterCpu = (Process.GetCurrentProcess().TotalProcessorTime - processCpu).TotalSeconds;
        await watcher.DisposeAsync();
        await probeWatcher.DisposeAsync();
        await catalogWatcher.DisposeAsync();
        var after = await CountAsync(catalog);
        Console.WriteLine($"{label,-10} {wall,6:F2} s wall, {run.Status}, {run.DatasetsSeen} seen / {run.DatasetsAdded} new / {run.DatasetsChanged} changed / {run.DatasetsFailed} failed; " +
            $"wrote {after.Columns - before.Columns} columns, {after.RuleResults - before.RuleResults} rule results, {after.Scores - before.Scores} scores, {after.Changes - before.Changes} changes, {after.Findings - before.Findings} findings; " +
            $"CPU: source backend {Seconds(watcher.Seconds)} (+ {Seconds(probeWatcher.Seconds)} in rule-probe sessions), catalog backends {Seconds(catalogWatcher.Seconds)}, harvester process {harvesterCpu:F2} s; " +
            $"peak managed heap {sampler.PeakHeapBytes / 1048576d:F0} MB, process peak working set so far {MemorySampler.PeakWorkingSetBytes() / 1048576d:F0} MB");
        Console.WriteLine("           harvester stages (wall / process CPU; extract overlaps the rest): " + string.Join(", ",
            HarvestStages.Snapshot().Select(s => $"{s.Stage} {s.Wall.TotalSeconds:F2} / {s.Cpu.TotalSeconds:F2} s")));
        HarvestStages.Reset();
        if (run.Error is not null)
        {
            Console.Error.WriteLine(run.Error);
        }

        return wall;
    }

    private static string Seconds(double? seconds) => seconds is { } s ? s.ToString("F2", CultureInfo.InvariantCulture) + " s" : "n/a";

    private static async Task<(int Columns, int RuleResults, int Scores, int Changes, int Findings)> CountAsync(string catalog)
    {
        await using var db = TestPostgres.Context(catalog);
        return (await db.Columns.CountAsync(), await db.RuleResults.CountAsync(), await db.Scores.CountAsync(), await db.SchemaChanges.CountAsync(),
            await db.Findings.CountAsync());
    }
}
