using DataCatalog.Persistence.Audit;
using Npgsql;
using NpgsqlTypes;

namespace DataCatalog.Persistence.Reports;

/// <summary>
/// The audit-trail report: the events of <c>audit_events</c> (helper/audit's table, contracts.md) up to the day, each
/// row saying whether the hash chain still holds at it. The chain is verified over the whole table before the rows
/// are read, so a forged row anywhere shows in the report.
/// </summary>
internal static class AuditTrailReport
{
    public const string Sql = """
        SELECT a.id, a.occurred_at, a.actor, a.role, a.department, a.action, a.target_kind, a.target_id,
               a.before::text, a.after::text, a.request_id, a.hash,
               CASE WHEN @chain_broken_from::bigint IS NULL THEN @chain_state::text
                    WHEN a.id >= @chain_broken_from::bigint THEN 'broken: ' || @chain_state::text
                    ELSE 'intact' END
        FROM audit_events a
        WHERE a.occurred_at < @cutoff AND (@department::text IS NULL OR a.department = @department)
        ORDER BY a.id
        """;

    /// <summary>The chain's state over the whole table, read in the report's transaction (helper/audit's verifier).</summary>
    public static async Task<AuditChainState> ChainStateAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var status = await AuditChainVerifier.VerifyAsync(db, cancellationToken);
        return status.Intact
            ? new AuditChainState(null, "intact")
            : new AuditChainState(status.FirstBrokenEventId, $"the chain breaks at event {status.FirstBrokenEventId}: {status.Problem}");
    }

    /// <summary>Adds the chain's state to <paramref name="command"/>: where it breaks (null when intact) and why.</summary>
    public static void AddChainParameters(NpgsqlCommand command, AuditChainState state)
    {
        command.Parameters.Add(new NpgsqlParameter("chain_broken_from", NpgsqlDbType.Bigint) { Value = (object?)state.FirstBrokenEventId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("chain_state", NpgsqlDbType.Text) { Value = state.Text });
    }
}

/// <summary>The hash chain's state for the report: intact, or the first event whose link fails and why.</summary>
public sealed record AuditChainState(long? FirstBrokenEventId, string Text);
