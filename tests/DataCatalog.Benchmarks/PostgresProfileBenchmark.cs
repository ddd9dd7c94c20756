using System.Diagnostics;
using System.Globalization;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.Postgres;
using DataCatalog.Testing;
using Npgsql;

namespace DataCatalog.Benchmarks;

/// <summary>The <c>postgres</c> verb: time to profile one wide table pushed down to PostgreSQL, exact and sampled, beside
/// a plain <c>count(*)</c> scan and one aggregate pass over the same table from the same run.</summary>
internal static class PostgresProfileBenchmark
{
    private static readonly string[] Columns = ["event_id", "prkplce_no", "rdnmadr", "event_ymd", "minutes", "fee", "paid_yn", "driver_mobile"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = 1_000_000;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rows" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                rows = n;
                i++;
            }
            else
            {
                Console.Error.WriteLine($"postgres: unknown argument '{args[i]}'. Usage: postgres [--rows 1000000]");
                return 2;
            }
        }

        var database = await TestPostgres.CreateEmptyDatabaseAsync("bench");
        var load = Stopwatch.StartNew();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"""
                CREATE TABLE parking_event AS
                SELECT g AS event_id,
                       'P' || (g % 5000) AS prkplce_no,
                       CASE WHEN g % 17 = 0 THEN NULL ELSE '서울특별시 중구 세종대로 ' || (g % 300) END AS rdnmadr,
                       to_char(date '2020-01-01' + (g % 1500), 'YYYYMMDD') AS event_ymd,
                       (g % 480) AS minutes,
                       round((g % 100000) / 7.0, 2) AS fee,
                       CASE WHEN g % 3 = 0 THEN 'Y' ELSE 'N' END AS paid_yn,
                       '010-' || lpad((g % 10000)::text, 4, '0') || '-' || lpad(((g * 7) % 10000)::text, 4, '0') AS driver_mobile
                FROM generate_series(1, {rows}) g;
                ANALYZE parking_event;
                """, connection);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"loaded     {rows:N0} rows × {Columns.Length} columns in {load.Elapsed.TotalSeconds:F1} s (serial sessions; CPU = the backend's user+system time from /proc)");

        // Warm the cache once so every figure below reads the table from shared buffers or the OS cache alike.
        await BackendCpu.MeasureAsync(database, "SELECT count(*) FROM parking_event");
        var count = await BackendCpu.MeasureAsync(database, "SELECT count(*) FROM parking_event");
        Report("count(*)", count, null);
        var aggregate = await BackendCpu.MeasureAsync(database, "SELECT count(*), " + string.Join(", ",
            Columns.Select(c => $"count({c}), count(DISTINCT {c}::text), min({c}), max({c}), min(length({c}::text)), max(length({c}::text))")) + " FROM parking_event");
        Report("aggregate", aggregate, null, "one pass: count, count(DISTINCT), min, max, lengths of every column");
        // The least an exact distinct count of every column can cost in PostgreSQL: one hash pass over every (column, value)
        // pair and nothing else (no text, no lengths, no top values, no patterns). Against count(*) this is the floor.
        var floor = await BackendCpu.MeasureAsync(database, "SELECT count(*) FROM (SELECT 1 FROM parking_event GROUP BY GROUPING SETS ("
            + string.Join(", ", Columns.Select(c => $"({c})")) + ")) AS g");
        Report("floor", floor, (count, aggregate, null), "one hash pass counting each column's distinct values, nothing more: the floor of any exact profile");

        // "Exact" must not depend on ANALYZE's estimate of the row count: no threshold a table can reach.
        var exact = await ProfileAsync(database, "exact", new() { ["sampleAboveRows"] = long.MaxValue.ToString(CultureInfo.InvariantCulture) });
        if (exact is { } e)
        {
            Report("exact", e, (count, aggregate, floor));
        }

        var sampled = await ProfileAsync(database, "sampled", new() { ["sampleAboveRows"] = "100000", ["sampleRows"] = "100000" });
        if (sampled is { } s)
        {
            Report("sampled", s, (count, aggregate, floor));
        }

        return exact is null ? 1 : 0;
    }

    private static void Report(
        string label, (double Wall, double? Cpu) figure, ((double Wall, double? Cpu) Count, (double Wall, double? Cpu) Aggregate, (double Wall, double? Cpu)? Floor)? reference, string? note = null)
    {
        var line = $"{label,-10} {figure.Wall,7:F2} s wall, {Cpu(figure.Cpu)} backend CPU";
        if (reference is { } r)
        {
            line += $"; × count(*): {figure.Wall / r.Count.Wall:F1} wall, {Ratio(figure.Cpu, r.Count.Cpu)} CPU; × aggregate: {figure.Wall / r.Aggregate.Wall:F2} wall, {Ratio(figure.Cpu, r.Aggregate.Cpu)} CPU";
            if (r.Floor is { } f)
            {
                line += $"; × floor: {figure.Wall / f.Wall:F2} wall, {Ratio(figure.Cpu, f.Cpu)} CPU";
            }
        }

        Console.WriteLine(note is null ? line : $"{line} ({note})");
    }

    private static string Cpu(double? seconds) => seconds is { } s ? $"{s,6:F2} s" : "   n/a";

    private static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? (x / y).ToString("F1", CultureInfo.InvariantCulture) : "n/a";

    private static async Task<(double Wall, double? Cpu)?> ProfileAsync(string database, string label, Dictionary<string, string> options)
    {
        options["statementTimeoutSeconds"] = "3600";
        var source = new SourceDefinition("bench-db", "bench", SourceKind.Postgres, "bench", "env:BENCH", "0 0 3 * * ?", Options: options);
        // A pooled session would carry the CPU of the previous run; a fresh backend counts this run alone.
        NpgsqlConnection.ClearAllPools();
        var watcher = new BackendCpu.Watcher(database, "datacatalog-harvest");
        var clock = Stopwatch.StartNew();
        var profiled = 0L;
        var sampled = false;
        await foreach (var dataset in new PostgresConnector().ExtractAsync(source, database, CancellationToken.None))
        {
            if (dataset.Error is not null)
            {
                Console.Error.WriteLine(dataset.Error);
                await watcher.DisposeAsync();
                return null;
            }

            profiled = dataset.Profiles[0].Rows;
            sampled = dataset.Profiles[0].Sampled;
        }

        var wall = clock.Elapsed.TotalSeconds;
        var cpu = watcher.Seconds;
        await watcher.DisposeAsync();
        Console.WriteLine($"{label,-10} {profiled:N0} rows examined, sampled={sampled}");
        return (wall, cpu);
    }
}
