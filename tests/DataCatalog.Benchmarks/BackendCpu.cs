using System.Globalization;
using Npgsql;

namespace DataCatalog.Benchmarks;

/// <summary>CPU time of PostgreSQL backends read from <c>/proc/&lt;pid&gt;/stat</c>: on a loaded machine the database's
/// CPU seconds are a steadier figure than wall time.</summary>
internal static class BackendCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>User + system CPU seconds of process <paramref name="pid"/>; null when /proc cannot tell (not Linux, gone).</summary>
    public static double? Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces; fields after its closing parenthesis are fixed.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Runs <paramref name="sql"/> on its own serial session; returns wall and backend CPU seconds.</summary>
    public static async Task<(double Wall, double? Cpu)> MeasureAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The same session settings as the connector's profiling session, so the references compare like with like.
        await using (var setup = new NpgsqlCommand("SET max_parallel_workers_per_gather = 0; SET work_mem = '256MB'", connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var pid = connection.ProcessID;
        var cpuBefore = Seconds(pid);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using (var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 })
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
            }
        }

        var wall = clock.Elapsed.TotalSeconds;
        var cpuAfter = Seconds(pid);
        return (wall, cpuBefore is { } b && cpuAfter is { } a ? a - b : null);
    }

    /// <summary>Follows the CPU of the backends of one application name while they live; the last reading
    /// before it ends is its total (to within the polling interval).</summary>
    public sealed class Watcher : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private double _seconds;

        public Watcher(string connectionString, string applicationName) => _loop = WatchAsync(connectionString, applicationName, _stop.Token);

        public double? Seconds { get; private set; }

        private async Task WatchAsync(string connectionString, string applicationName, CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            var pids = new HashSet<int>();
            var last = new Dictionary<int, double>();
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    // Without an application name, every other backend of the database counts (the catalog's EF sessions).
                    await using (var command = new NpgsqlCommand(
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND (@name = '' OR application_name = @name)", connection))
                    {
                        command.Parameters.AddWithValue("name", applicationName);
                        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                        while (await reader.ReadAsync(cancellationToken))
                        {
                            pids.Add(reader.GetInt32(0));
                        }
                    }

                    foreach (var pid in pids)
                    {
                        if (BackendCpu.Seconds(pid) is { } seconds)
                        {
                            last[pid] = seconds;
                        }
                    }

                    _seconds = last.Values.Sum();
                    Seconds = pids.Count == 0 ? null : _seconds;
                    await Task.Delay(20, cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }
}
