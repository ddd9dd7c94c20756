using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace DataCatalog.Persistence.Audit;

/// <summary>Appends events to the hash-chained, append-only <c>audit_events</c> table inside the caller's transaction.</summary>
public static class AuditTrail
{
    /// <summary>The first event's previous hash.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>First key of the two-key transaction advisory lock that serialises appends: "AUDT".</summary>
    public const int LockSpace = 0x41554454;

    /// <summary>The canonical serialisation of an event row (<c>e</c>), hashed with SHA-256: a jsonb array of every field in a
    /// fixed order, the time in UTC to the microsecond. jsonb prints a value one way only, so the writer and
    /// <see cref="AuditChainVerifier"/> read the same text from the same stored fields.</summary>
    internal const string CanonicalSql =
        """jsonb_build_array(e.id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.actor, e.role, e.department, e.action, e.target_kind, e.target_id, e.before, e.after, e.request_id, e.prev_hash)::text""";

    private const string AppendSql =
        $"""
        INSERT INTO "audit_events" ("id", "occurred_at", "actor", "role", "department", "action", "target_kind", "target_id", "before", "after", "request_id", "prev_hash", "hash")
        SELECT e.id, e.occurred_at, e.actor, e.role, e.department, e.action, e.target_kind, e.target_id, e.before, e.after, e.request_id, e.prev_hash,
               encode(sha256(convert_to({CanonicalSql}, 'UTF8')), 'hex')
        FROM (
            SELECT coalesce(last.id, 0) + 1 AS id, @occurred_at::timestamptz AS occurred_at, @actor::text AS actor, @role::text AS role,
                   @department::text AS department, @action::text AS action, @target_kind::text AS target_kind, @target_id::text AS target_id,
                   @before::jsonb AS before, @after::jsonb AS after, @request_id::text AS request_id, coalesce(last.hash, @genesis::text) AS prev_hash
            FROM (SELECT 1) AS one
            LEFT JOIN LATERAL (SELECT a."id", a."hash" FROM "audit_events" AS a ORDER BY a."id" DESC LIMIT 1) AS last ON true
        ) AS e
        RETURNING "id", "hash"
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Appends <paramref name="entry"/> in <paramref name="db"/>'s current transaction, which must exist: the event
    /// commits or rolls back with the change it records.</summary>
    /// <remarks>Appends are serialised by a transaction-level advisory lock held until the caller commits, so two writers
    /// cannot both chain to the same predecessor; append last, just before committing, to hold it briefly.</remarks>
    public static async Task<AppendedAuditEvent> AppendAsync(CatalogDbContext db, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException(
                $"An audit event ({entry.Action} on {entry.TargetKind} {entry.TargetId}) must be appended inside the transaction of its change: begin one with db.Database.BeginTransactionAsync() first.");
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@space, 0)", connection, npgsqlTransaction))
        {
            lockCommand.Parameters.AddWithValue("space", LockSpace);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(AppendSql, connection, npgsqlTransaction);
        command.Parameters.Add(new NpgsqlParameter("occurred_at", NpgsqlDbType.TimestampTz) { Value = entry.OccurredAt.ToUniversalTime() });
        command.Parameters.Add(Text("actor", entry.Actor));
        command.Parameters.Add(Text("role", entry.Role));
        command.Parameters.Add(Text("department", entry.Department));
        command.Parameters.Add(Text("action", entry.Action));
        command.Parameters.Add(Text("target_kind", entry.TargetKind));
        command.Parameters.Add(Text("target_id", entry.TargetId));
        command.Parameters.Add(Text("before", Serialise(entry.Before)));
        command.Parameters.Add(Text("after", Serialise(entry.After)));
        command.Parameters.Add(Text("request_id", entry.RequestId));
        command.Parameters.Add(Text("genesis", GenesisHash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new AppendedAuditEvent(reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>Serialises a before/after value as JSON (web defaults); a <see cref="JsonElement"/> is kept as it is.</summary>
    public static string? Serialise(object? value) => value switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(value, value.GetType(), Json),
    };

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
