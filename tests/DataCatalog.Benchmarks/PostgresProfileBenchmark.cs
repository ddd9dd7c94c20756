using System.Diagnostics;
using System.Globalization;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.Postgres;
using DataCatalog.Testing;
using Npgsql;

namespace DataCatalog.Benchmarks;

/// <summary>The <c>postgres</c> verb: time to harvest and profile one wide table pushed down to PostgreSQL, exact and sampled.</summary>
internal static class PostgresProfileBenchmark
{
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

        Console.WriteLine($"loaded     {rows:N0} rows × 8 columns in {load.Elapsed.TotalSeconds:F1} s");
        await ProfileAsync(database, rows, "exact", new() { ["sampleAboveRows"] = (rows + 1).ToString(CultureInfo.InvariantCulture) });
        await ProfileAsync(database, rows, "sampled", new() { ["sampleAboveRows"] = "100000", ["sampleRows"] = "100000" });
        return 0;
    }

    private static async Task ProfileAsync(string database, int rows, string label, Dictionary<string, string> options)
    {
        options["statementTimeoutSeconds"] = "600";
        var source = new SourceDefinition("bench-db", "bench", SourceKind.Postgres, "bench", "env:BENCH", "0 0 3 * * ?", Options: options);
        var clock = Stopwatch.StartNew();
        var profiled = 0L;
        var sampled = false;
        await foreach (var dataset in new PostgresConnector().ExtractAsync(source, database, CancellationToken.None))
        {
            if (dataset.Error is not null)
            {
                Console.Error.WriteLine(dataset.Error);
                return;
            }

            profiled = dataset.Profiles[0].Rows;
            sampled = dataset.Profiles[0].Sampled;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{label,-10} {seconds:F2} s for the table ({rows / seconds:N0} table rows/s), {profiled:N0} rows examined, sampled={sampled}");
    }
}
