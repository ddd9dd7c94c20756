namespace DataCatalog.Persistence.Audit;

/// <summary>Who makes an audited change: a name, the role it acted in and the request it came with.</summary>
/// <param name="Role"><c>analyst</c>, <c>steward</c>, <c>auditor</c>, <c>admin</c> for a token's holder; <c>cli</c> for someone
/// with the database's rights at the command line; <c>system</c> for the catalog itself (demo seeding).</param>
public sealed record AuditActor(string Name, string Role, string? RequestId = null)
{
    /// <summary>The catalog acting on its own (demo seeding at start).</summary>
    public static readonly AuditActor System = new("catalog", "system");

    /// <summary>Someone at the command line: the name given (<c>--by</c>) or the operating-system user.</summary>
    public static AuditActor CommandLine(string? name) => new(string.IsNullOrWhiteSpace(name) ? Environment.UserName : name.Trim(), "cli");

    /// <summary>The entry for a change made by this actor to a target of <paramref name="department"/> (null when none).</summary>
    public AuditEntry Entry(DateTimeOffset at, string action, string targetKind, string targetId, string? department, object? before, object? after) =>
        new(at, Name, Role, department, action, targetKind, targetId, before, after, RequestId);
}
