using System.Diagnostics;
using DataCatalog.Persistence.Embedded;
using Npgsql;

namespace DataCatalog.Persistence.Tests.Embedded;

/// <summary>Who may stop the embedded cluster. Another live process is a real one (<c>sleep</c>) whose pid the owner file
/// names, because one test process cannot be two catalog processes.</summary>
public sealed class ClusterOwnershipTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "datacatalog-tests", "ownership-" + Guid.NewGuid().ToString("N"));
    private readonly Process _other = Process.Start("sleep", "600")!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _other.Kill();
        _other.Dispose();
        // Whatever the test left, the server goes.
        await using (var last = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(_folder, Ephemeral: true)))
        {
            await last.StopAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_server_takes_over_a_cluster_a_live_cli_started_and_a_cli_that_lost_it_leaves_it_running()
    {
        var cli = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(_folder, Ephemeral: true, Role: ClusterRole.Cli));
        Assert.Equal($"{Environment.ProcessId} cli {cli.Port}", await OwnerAsync());
        // The CLI is another live process.
        await File.WriteAllTextAsync(Path.Combine(_folder, "owner"), $"{_other.Id} cli {cli.Port}");

        var server = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(_folder, Ephemeral: true, Role: ClusterRole.Server));

        Assert.True(server.Owned);
        Assert.True(server.TookOver);
        Assert.Equal(cli.Port, server.Port);
        Assert.Equal($"{Environment.ProcessId} server {cli.Port}", await OwnerAsync());

        // Now the server is the other live process; the CLI's stop leaves the cluster running.
        await File.WriteAllTextAsync(Path.Combine(_folder, "owner"), $"{_other.Id} server {cli.Port}");
        await cli.StopAsync();
        Assert.True(cli.IsServerAlive());
        Assert.Equal(1, await ScalarAsync(server.ConnectionString(), "SELECT 1"));
    }

    [Fact]
    public async Task A_cli_beside_a_live_server_uses_the_cluster_without_owning_it_and_never_stops_it()
    {
        var started = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(_folder, Ephemeral: true));
        await File.WriteAllTextAsync(Path.Combine(_folder, "owner"), $"{_other.Id} server {started.Port}");

        var cli = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(_folder, Ephemeral: true, Role: ClusterRole.Cli));
        await cli.StopAsync();

        Assert.False(cli.Owned);
        Assert.False(cli.TookOver);
        Assert.Equal($"{_other.Id} server {started.Port}", await OwnerAsync());
        Assert.Equal(1, await ScalarAsync(cli.ConnectionString(), "SELECT 1"));
    }

    [Fact]
    public async Task A_cluster_whose_postmaster_was_killed_restarts_on_its_port_with_its_data()
    {
        // Durable: a throwaway cluster (synchronous_commit off) may lose the last commit in a crash, as it should.
        var cluster = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(_folder));
        await ScalarAsync(cluster.ConnectionString(), "CREATE TABLE kept AS SELECT 42 AS answer; SELECT 1");
        var postmaster = int.Parse((await File.ReadAllLinesAsync(Path.Combine(cluster.DataDirectory, "postmaster.pid")))[0]);
        using (var process = Process.GetProcessById(postmaster))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        Assert.False(cluster.IsServerAlive());
        await cluster.RestartAfterCrashAsync(CancellationToken.None);
        NpgsqlConnection.ClearAllPools();

        Assert.True(cluster.IsServerAlive());
        Assert.Equal(42, await ScalarAsync(cluster.ConnectionString(), "SELECT answer FROM kept"));
    }

    private Task<string> OwnerAsync() => File.ReadAllTextAsync(Path.Combine(_folder, "owner"));

    private static async Task<int> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
