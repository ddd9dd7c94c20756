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
}
