using Npgsql;

namespace DataCatalog.Host.Startup;

/// <summary>A session advisory lock that serialises one-time preparation (demo databases, migrations, demo seeding)
/// between processes starting together on one cluster: a server started while a CLI verb prepares waits for it.</summary>
internal sealed class PreparationLock : IAsyncDisposable
{
    // First key of the two-key advisory lock space: "DCPR".
    private const int LockSpace = 0x44435052;
    private readonly NpgsqlConnection _connection;

    private PreparationLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<PreparationLock> AcquireAsync(string connectionString, int step, CancellationToken cancellationToken)
    {
        // Outside the pool: closing it ends the session and with it the lock.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@space, @step)", connection);
            command.CommandTimeout = 0;
            command.Parameters.AddWithValue("space", LockSpace);
            command.Parameters.AddWithValue("step", step);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new PreparationLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
