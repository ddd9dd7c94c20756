namespace DataCatalog.Persistence.Model;

/// <summary>A department source the catalog harvests on a schedule. Holds a reference to its connection, never the secret.</summary>
public sealed class Source
{
    public required string Id { get; set; }
    public int DepartmentId { get; set; }
    public Department? Department { get; set; }
    public required string Kind { get; set; }
    public required string Name { get; set; }
    /// <summary>Where the connection is found (<c>env:NAME</c>, <c>config:Key:Path</c>): the name of a secret, not the secret.</summary>
    public required string ConnectionRef { get; set; }
    public required string Schedule { get; set; }
    public string TimeZone { get; set; } = "Asia/Seoul";
    public string? RuleSet { get; set; }
    public string? Owner { get; set; }
    public Dictionary<string, string> Options { get; set; } = [];
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
