using DataCatalog.Persistence.Audit;
using DataCatalog.Testing;
using Npgsql;

namespace DataCatalog.EndToEnd.Tests;

/// <summary><c>audit verify</c> through the built executable, against a real catalog database.</summary>
public sealed class AuditCommandTests
{
    [Fact]
    public async Task Audit_verify_exits_0_on_an_intact_chain_and_1_naming_the_event_deleted_behind_the_triggers_back()
    {
        var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        for (var n = 1; n <= 3; n++)
        {
            await using var db = TestPostgres.Context(connectionString);
            await using var transaction = await db.Database.BeginTransactionAsync();
            await AuditTrail.AppendAsync(db, new AuditEntry(DateTimeOffset.UnixEpoch.AddDays(n), "admin", "admin", null, "department.upsert", "department", $"d{n}",
                null, new { Code = $"d{n}" }), CancellationToken.None);
            await transaction.CommitAsync();
        }

        var catalog = $"--ConnectionStrings:Catalog={connectionString}";
        var intact = await CatalogProcess.RunCliAsync("audit", "verify", catalog);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("""
                ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_append_only";
                DELETE FROM "audit_events" WHERE "id" = 2;
                ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_append_only";
                """, connection);
            await delete.ExecuteNonQueryAsync();
        }

        var broken = await CatalogProcess.RunCliAsync("audit", "verify", catalog);

        Assert.True(intact.ExitCode == 0, intact.Stdout + intact.Stderr);
        Assert.Contains("Audit chain intact: 3 event(s); head hash ", intact.Stdout, StringComparison.Ordinal);
        Assert.True(broken.ExitCode == 1, broken.Stdout + broken.Stderr);
        Assert.Contains("Audit chain broken at event 3 (1 event(s) before it verified): event 2 is missing (the ids go from 1 to 3): it was deleted.",
            broken.Stderr, StringComparison.Ordinal);
    }
}
