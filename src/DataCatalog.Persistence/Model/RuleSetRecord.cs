namespace DataCatalog.Persistence.Model;

/// <summary>A rule-set file as applied with <c>rules apply</c>: its text is re-read and resolved at every scoring.</summary>
public sealed class RuleSetRecord
{
    public required string Name { get; set; }
    public string? Extends { get; set; }
    /// <summary>The file it came from, relative to the applied folder.</summary>
    public required string File { get; set; }
    public required string Json { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
}
