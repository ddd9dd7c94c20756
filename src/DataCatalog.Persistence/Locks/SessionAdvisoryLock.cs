using Npgsql;

namespace DataCatalog.Persistence.Locks;

/// <summary>A PostgreSQL session-level advisory lock in the two-key space (<c>space</c>, <c>hashtext(key)</c>), held
/// on a connection of its own outside the pool.</summary>
/// <remarks>Closing the connection ends the session and with it the lock, also when the process dies or loses the
/// server: that is how another process tells a live holder from a dead one. The two-key form never collides with the
/// one-key transaction locks used elsewhere.</remarks>
public sealed class SessionAdvisoryLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private SessionAdvisoryLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Takes the lock, waiting as long as another session holds it.</summary>
    public static async Task<SessionAdvisoryLock> AcquireAsync(string connectionString, int space, string key, string? applicationName, CancellationToken cancellationToken) =>
        (await LockAsync(connectionString, space, key, applicationName, wait: true, cancellationToken))!;

    /// <summary>Takes the lock only if no other session holds it; null when one does.</summary>
    public static Task<SessionAdvisoryLock?> TryAcquireAsync(string connectionString, int space, string key, string? applicationName, CancellationToken cancellationToken) =>
        LockAsync(connectionString, space, key, applicationName, wait: false, cancellationToken);

    public async ValueTask DisposeAsync() =>
        // Closing the unpooled connection ends the session, and with it the lock, even if an unlock could not be sent.
        await _connection.DisposeAsync();

    private static async Task<SessionAdvisoryLock?> LockAsync(
        string connectionString, int space, string key, string? applicationName, bool wait, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            // A holder that vanishes without closing its socket (a machine lost) is noticed by the server side's
            // keepalives; ours keep idle NAT and firewalls from cutting a long-held lock session.
            KeepAlive = 30,
        };
        if (applicationName is not null)
        {
            builder.ApplicationName = applicationName;
        }

        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                wait ? "SELECT true FROM pg_advisory_lock(@space, hashtext(@key))" : "SELECT pg_try_advisory_lock(@space, hashtext(@key))", connection);
            command.CommandTimeout = 0;
            command.Parameters.AddWithValue("space", space);
            command.Parameters.AddWithValue("key", key);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))!)
            {
                return new SessionAdvisoryLock(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }
}
