namespace DataCatalog.Persistence.Audit;

/// <summary>One stored audit event: who did what to which target, before and after, chained to the previous event by its hash.</summary>
/// <remarks>Read through EF; written only by <see cref="AuditTrail.AppendAsync"/>, which computes the id and the hash under the chain's lock.</remarks>
public sealed class AuditEvent
{
    /// <summary>1, 2, 3 … without gaps: a gap is a deleted event.</summary>
    public long Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string Actor { get; set; }
    public required string Role { get; set; }
    public string? Department { get; set; }
    public required string Action { get; set; }
    public required string TargetKind { get; set; }
    public required string TargetId { get; set; }
    /// <summary>The target before the change as JSON (jsonb), null when it did not exist.</summary>
    public string? Before { get; set; }
    /// <summary>The target after the change as JSON (jsonb), null when it no longer exists.</summary>
    public string? After { get; set; }
    public string? RequestId { get; set; }
    /// <summary>The previous event's <see cref="Hash"/>; 64 zeros for the first event.</summary>
    public required string PrevHash { get; set; }
    /// <summary>SHA-256 (lower-case hex) of the canonical serialisation of this event's fields and <see cref="PrevHash"/>.</summary>
    public required string Hash { get; set; }
}
