using DataCatalog.Persistence.Embedded;
using Npgsql;

namespace DataCatalog.Persistence.Tests.Embedded;

public sealed class EmbeddedPostgresClusterTests
{
    [Fact]
    public async Task Cluster_keeps_its_data_across_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "datacatalog-tests", "restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(folder, Ephemeral: true)))
            {
                await Execute(first.ConnectionString(), "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('주차장')");
                await first.StopAsync();
            }

            await using var second = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(folder, Ephemeral: true));
            Assert.False(second.TookOver);
            Assert.Equal("주차장", await Scalar(second.ConnectionString(), "SELECT value FROM kept"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Cluster_left_running_by_a_killed_process_is_taken_over_not_started_twice()
    {
        var folder = Path.Combine(Path.GetTempPath(), "datacatalog-tests", "takeover-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The first owner "dies": it never stops the server.
            var orphaned = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(folder, Ephemeral: true));
            await using var adopter = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(folder, Ephemeral: true));

            Assert.True(adopter.TookOver);
            Assert.Equal(orphaned.Port, adopter.Port);
            Assert.Equal(1L, await Scalar(adopter.ConnectionString(), "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'checkpointer'"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Superuser_password_is_kept_only_in_an_owner_only_file()
    {
        var cluster = await DataCatalog.Testing.TestPostgres.ClusterAsync();
        var secret = Path.Combine(Path.GetDirectoryName(cluster.DataDirectory)!, "superuser.secret");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
        var log = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(cluster.DataDirectory)!, "postgres.log"));
        Assert.DoesNotContain((await File.ReadAllTextAsync(secret)).Trim(), log, StringComparison.Ordinal);
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
