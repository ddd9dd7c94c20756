using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;

namespace DataCatalog.Persistence.Model;

/// <summary>The outcome of one rule on one dataset (or column) in one run, with the evidence behind it.</summary>
public sealed class RuleResult
{
    public long Id { get; set; }
    public long HarvestRunId { get; set; }
    public long DatasetId { get; set; }
    public Dataset? Dataset { get; set; }
    public required string RuleId { get; set; }
    public QualityDimension Dimension { get; set; }
    public string? ColumnName { get; set; }
    public bool Passed { get; set; }
    public double Measured { get; set; }
    public double Threshold { get; set; }
    public long Examined { get; set; }
    public long Failing { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset EvaluatedAt { get; set; }
    /// <summary>The rule's kind (<c>not-null</c>, <c>calendar-date</c>…); null for results written before rule sets.</summary>
    public string? Kind { get; set; }
    /// <summary>Passed, warned, failed or skipped (with the reason in <see cref="Message"/>).</summary>
    public RuleStatus Status { get; set; }
    public RuleSeverity Severity { get; set; }
    public double Weight { get; set; } = 1;
    /// <summary>Failing values, masked when the column holds personal data.</summary>
    public List<string> Examples { get; set; } = [];
    /// <summary>The counts come from a sample of the rows.</summary>
    public bool Sampled { get; set; }
    /// <summary>False when only the profile's most frequent values were examined (failing is a lower bound).</summary>
    public bool Exhaustive { get; set; } = true;
    /// <summary>The rule set the rule came from.</summary>
    public string? RuleSet { get; set; }
}
