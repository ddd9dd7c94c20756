using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace DataCatalog.Persistence.Audit;

/// <summary>The result of walking the audit chain: intact, or the first broken event and what is wrong with it.</summary>
/// <param name="Events">Events read (up to the first broken one when broken).</param>
/// <param name="HeadHash">The last event's hash when intact (record it elsewhere: removing events from the end of the
/// chain is only seen against such an outside copy); null when broken or empty.</param>
public sealed record AuditChainStatus(bool Intact, long Events, long? FirstBrokenEventId, string? Problem, string? HeadHash);

/// <summary>Walks <c>audit_events</c> in id order, one row at a time, and names the first broken link: a forged field
/// (the hash does not match the fields), a deleted event (a gap in the ids, or a previous hash that is not the previous
/// event's hash) or events moved (ids out of sequence).</summary>
public static class AuditChainVerifier
{
    private const string WalkSql =
        $"""SELECT e."id", e."prev_hash", e."hash", {AuditTrail.CanonicalSql} FROM "audit_events" AS e ORDER BY e."id" """;

    /// <summary>Verifies the chain over <paramref name="db"/>'s connection (in its transaction, if it has one).</summary>
    public static async Task<AuditChainStatus> VerifyAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var command = new NpgsqlCommand(WalkSql, connection, db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
            command.CommandTimeout = 0;
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
            return await WalkAsync(reader, cancellationToken);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static async Task<AuditChainStatus> WalkAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        long count = 0;
        long previousId = 0;
        var previousHash = AuditTrail.GenesisHash;
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            var prevHash = reader.GetString(1);
            var hash = reader.GetString(2);
            var canonical = reader.GetString(3);
            var problem = id != previousId + 1
                ? id == previousId + 2
                    ? $"event {previousId + 1} is missing (the ids go from {previousId} to {id}): it was deleted"
                    : previousId == 0
                        ? $"events 1 to {id - 1} are missing (the chain starts at {id}): they were deleted"
                        : $"events {previousId + 1} to {id - 1} are missing (the ids go from {previousId} to {id}): they were deleted"
                : !string.Equals(prevHash, previousHash, StringComparison.Ordinal)
                    ? id == 1
                        ? "its previous hash is not the start of the chain: events before it were removed or it was rewritten"
                        : $"its previous hash is not event {previousId}'s hash: an event between them was removed and the ids renumbered, or the events were reordered"
                    : !string.Equals(hash, Sha256Hex(canonical), StringComparison.Ordinal)
                        ? "its fields do not match its hash: the event was altered after it was written"
                        : null;
            if (problem is not null)
            {
                return new AuditChainStatus(false, count, id, problem, null);
            }

            count++;
            previousId = id;
            previousHash = hash;
        }

        return new AuditChainStatus(true, count, null, null, count == 0 ? null : previousHash);
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>, as PostgreSQL's <c>encode(sha256(…), 'hex')</c>.</summary>
    internal static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
