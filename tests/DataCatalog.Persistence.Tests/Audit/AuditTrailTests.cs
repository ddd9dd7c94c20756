using System.Security.Cryptography;
using System.Text;
using DataCatalog.Persistence.Audit;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DataCatalog.Persistence.Tests.Audit;

public sealed class AuditTrailTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public async Task Each_event_hashes_its_fields_and_the_previous_hash_and_the_chain_verifies()
    {
        var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        var first = await AppendAsync(connectionString, Entry(1));
        var second = await AppendAsync(connectionString, Entry(2));

        // The canonical serialisation, written out by hand: a jsonb array of the fields in order, time in UTC.
        var canonical = "[1, \"2026-11-26T03:01:00.000000Z\", \"kim\", \"steward\", \"transport\", \"finding.waive\", \"finding\", \"1\", "
                        + "{\"status\": \"Open\"}, {\"reason\": \"정비 예정\", \"status\": \"Waived\"}, \"req-1\", \"" + AuditTrail.GenesisHash + "\"]";
        Assert.Equal(1, first.Id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), first.Hash);
        Assert.Equal(2, second.Id);
        await using var db = TestPostgres.Context(connectionString);
        var stored = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AuditTrail.GenesisHash, first.Hash], stored.Select(e => e.PrevHash));
        Assert.Equal(new AuditChainStatus(true, 2, null, null, second.Hash), await AuditChainVerifier.VerifyAsync(db, CancellationToken.None));
    }

    [Fact]
    public async Task An_empty_chain_is_intact()
    {
        var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        await using var db = TestPostgres.Context(connectionString);

        Assert.Equal(new AuditChainStatus(true, 0, null, null, null), await AuditChainVerifier.VerifyAsync(db, CancellationToken.None));
    }

    [Fact]
    public async Task A_forged_field_is_named_as_the_first_broken_event()
    {
        var connectionString = await ChainOfFiveAsync();
        await AsOwnerWithoutTriggerAsync(connectionString, """UPDATE "audit_events" SET "actor" = 'mallory' WHERE "id" = 3""");

        var status = await VerifyAsync(connectionString);

        Assert.Equal(new AuditChainStatus(false, 2, 3, "its fields do not match its hash: the event was altered after it was written", null), status);
    }

    [Fact]
    public async Task A_forged_before_value_is_found_even_when_the_attacker_recomputes_that_events_hash()
    {
        var connectionString = await ChainOfFiveAsync();
        // An owner who knows the scheme rewrites event 2 and its hash; event 3 still names the old hash.
        await AsOwnerWithoutTriggerAsync(connectionString, $$"""
            UPDATE "audit_events" AS e SET "before" = '{"status": "Waived"}' WHERE e."id" = 2;
            UPDATE "audit_events" AS e SET "hash" = encode(sha256(convert_to({{AuditTrailCanonical}}, 'UTF8')), 'hex') WHERE e."id" = 2;
            """);

        var status = await VerifyAsync(connectionString);

        Assert.False(status.Intact);
        Assert.Equal(3, status.FirstBrokenEventId);
        Assert.Equal("its previous hash is not event 2's hash: an event between them was removed and the ids renumbered, or the events were reordered", status.Problem);
    }

    [Fact]
    public async Task A_deleted_event_is_named_by_the_gap_it_leaves()
    {
        var connectionString = await ChainOfFiveAsync();
        await AsOwnerWithoutTriggerAsync(connectionString, """DELETE FROM "audit_events" WHERE "id" = 4""");

        var status = await VerifyAsync(connectionString);

        Assert.Equal(new AuditChainStatus(false, 3, 5, "event 4 is missing (the ids go from 3 to 5): it was deleted", null), status);
    }

    [Fact]
    public async Task A_deleted_event_with_the_later_ids_renumbered_breaks_the_previous_hash_link()
    {
        var connectionString = await ChainOfFiveAsync();
        await AsOwnerWithoutTriggerAsync(connectionString, """
            DELETE FROM "audit_events" WHERE "id" = 2;
            UPDATE "audit_events" SET "id" = "id" - 1 WHERE "id" > 2;
            """);

        var status = await VerifyAsync(connectionString);

        Assert.Equal(2, status.FirstBrokenEventId);
        Assert.Equal(1, status.Events);
        Assert.StartsWith("its previous hash is not event 1's hash", status.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_events_swapped_are_found_at_the_first_of_them()
    {
        var connectionString = await ChainOfFiveAsync();
        await AsOwnerWithoutTriggerAsync(connectionString, """
            UPDATE "audit_events" SET "id" = -1 WHERE "id" = 3;
            UPDATE "audit_events" SET "id" = 3 WHERE "id" = 4;
            UPDATE "audit_events" SET "id" = 4 WHERE "id" = -1;
            """);

        var status = await VerifyAsync(connectionString);

        Assert.Equal(3, status.FirstBrokenEventId);
        Assert.Equal(2, status.Events);
    }

    [Theory]
    [InlineData("""UPDATE "audit_events" SET "actor" = 'mallory' WHERE "id" = 1""", "UPDATE")]
    [InlineData("""DELETE FROM "audit_events" WHERE "id" = 1""", "DELETE")]
    [InlineData("""TRUNCATE "audit_events" """, "TRUNCATE")]
    public async Task The_table_refuses_to_change_or_lose_an_event(string sql, string operation)
    {
        var connectionString = await ChainOfFiveAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connectionString, sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Equal($"audit_events is append-only: {operation} refused", error.MessageText);
        Assert.True((await VerifyAsync(connectionString)).Intact);
        Assert.Equal(5, (await VerifyAsync(connectionString)).Events);
    }

    [Fact]
    public async Task A_role_granted_only_select_and_insert_cannot_update_even_with_the_trigger_disabled()
    {
        var connectionString = await ChainOfFiveAsync();
        var role = $"catalog_app_{Guid.NewGuid():N}"[..24];
        await ExecuteAsync(connectionString, $"""
            CREATE ROLE "{role}" LOGIN PASSWORD 'app';
            GRANT SELECT, INSERT ON "audit_events" TO "{role}";
            ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_append_only";
            """);
        var asApp = new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = "app" }.ConnectionString;

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(asApp, """UPDATE "audit_events" SET "actor" = 'mallory' WHERE "id" = 1"""));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.StartsWith("permission denied for table audit_events", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_outside_a_transaction_is_refused_with_the_fix()
    {
        var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        await using var db = TestPostgres.Context(connectionString);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AuditTrail.AppendAsync(db, Entry(1), CancellationToken.None));

        Assert.Equal("An audit event (finding.waive on finding 1) must be appended inside the transaction of its change: begin one with db.Database.BeginTransactionAsync() first.",
            error.Message);
    }

    [Fact]
    public async Task A_rolled_back_event_leaves_no_gap()
    {
        var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        await AppendAsync(connectionString, Entry(1));
        await using (var db = TestPostgres.Context(connectionString))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await AuditTrail.AppendAsync(db, Entry(2), CancellationToken.None);
            await transaction.RollbackAsync();
        }

        var third = await AppendAsync(connectionString, Entry(3));

        Assert.Equal(2, third.Id);
        Assert.Equal(new AuditChainStatus(true, 2, null, null, third.Hash), await VerifyAsync(connectionString));
    }

    [Fact]
    public async Task Writers_appending_at_once_never_fork_the_chain()
    {
        var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await AppendAsync(connectionString, Entry(writer * 100 + i));
            }
        })));

        var status = await VerifyAsync(connectionString);
        Assert.Equal(40, status.Events);
        Assert.True(status.Intact, status.Problem);
        await using var db = TestPostgres.Context(connectionString);
        Assert.Equal(40, await db.AuditEvents.Select(e => e.PrevHash).Distinct().CountAsync());
    }

    /// <summary>The canonical serialisation of row <c>e</c>, as <see cref="AuditTrail"/> hashes it (what an attacker would copy).</summary>
    private const string AuditTrailCanonical =
        """jsonb_build_array(e.id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), e.actor, e.role, e.department, e.action, e.target_kind, e.target_id, e.before, e.after, e.request_id, e.prev_hash)::text""";

    private static AuditEntry Entry(int n) => new(
        Noon.AddMinutes(n), "kim", "steward", "transport", "finding.waive", "finding", n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        new { Status = "Open" }, new { Status = "Waived", Reason = "정비 예정" }, $"req-{n}");

    private static async Task<AppendedAuditEvent> AppendAsync(string connectionString, AuditEntry entry)
    {
        await using var db = TestPostgres.Context(connectionString);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var appended = await AuditTrail.AppendAsync(db, entry, CancellationToken.None);
        await transaction.CommitAsync();
        return appended;
    }

    private static async Task<string> ChainOfFiveAsync()
    {
        var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        for (var n = 1; n <= 5; n++)
        {
            await AppendAsync(connectionString, Entry(n));
        }

        Assert.True((await VerifyAsync(connectionString)).Intact);
        return connectionString;
    }

    private static async Task<AuditChainStatus> VerifyAsync(string connectionString)
    {
        await using var db = TestPostgres.Context(connectionString);
        return await AuditChainVerifier.VerifyAsync(db, CancellationToken.None);
    }

    /// <summary>What an attacker with the owner's rights does: the trigger off, the rows changed, the trigger back on.</summary>
    private static Task AsOwnerWithoutTriggerAsync(string connectionString, string sql) => ExecuteAsync(connectionString, $"""
        ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_append_only";
        {sql};
        ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_append_only";
        """);

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
