using DataCatalog.Core.Findings;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;

namespace DataCatalog.Persistence.Model;

/// <summary>A failed rule on a dataset (and column) that stewards follow up; one per rule and target, re-opened rather than duplicated.</summary>
public sealed class Finding
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public Dataset? Dataset { get; set; }
    public required string RuleId { get; set; }
    public string? ColumnName { get; set; }
    public QualityDimension Dimension { get; set; }
    public RuleSeverity Severity { get; set; }
    public FindingStatus Status { get; set; }
    /// <summary>The evidence of the latest evaluation: message, counts and masked examples.</summary>
    public string? Message { get; set; }
    public long Examined { get; set; }
    public long Failing { get; set; }
    public List<string> Examples { get; set; } = [];
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? AssignedTo { get; set; }
    public string? WaiverReason { get; set; }
    public string? WaivedBy { get; set; }
    /// <summary>The waiver holds through this instant; after it the finding re-opens if its rule still fails.</summary>
    public DateTimeOffset? WaivedUntil { get; set; }
}

/// <summary>One transition of a finding, automatic (actor <c>catalog</c>) or by a steward; never updated.</summary>
public sealed class FindingEvent
{
    public long Id { get; set; }
    public long FindingId { get; set; }
    public Finding? Finding { get; set; }
    /// <summary>Null when the finding was opened.</summary>
    public FindingStatus? From { get; set; }
    public FindingStatus To { get; set; }
    public required string Actor { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }
}
