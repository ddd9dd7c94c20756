namespace DataCatalog.Persistence.Audit;

/// <summary>What an audited change says about itself: who (actor, role, department), what (action on a target), the target
/// before and after (any object, serialised as JSON; null when absent), when, and the request it came with.</summary>
public sealed record AuditEntry(
    DateTimeOffset OccurredAt,
    string Actor,
    string Role,
    string? Department,
    string Action,
    string TargetKind,
    string TargetId,
    object? Before,
    object? After,
    string? RequestId = null);

/// <summary>An event as appended: its id in the chain and its hash.</summary>
public sealed record AppendedAuditEvent(long Id, string Hash);
