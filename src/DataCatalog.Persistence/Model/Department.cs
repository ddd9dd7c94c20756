namespace DataCatalog.Persistence.Model;

/// <summary>A city department that owns sources (transport, welfare, safety…).</summary>
public sealed class Department
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Source> Sources { get; } = [];
}
