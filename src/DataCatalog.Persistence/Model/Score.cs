using DataCatalog.Core.Scoring;

namespace DataCatalog.Persistence.Model;

/// <summary>A dataset's score in one dimension at one run; rows are never updated, so they form the history.</summary>
public sealed class Score
{
    public long Id { get; set; }
    public long DatasetId { get; set; }
    public Dataset? Dataset { get; set; }
    public long HarvestRunId { get; set; }
    /// <summary>The dimension, or null for the overall score.</summary>
    public QualityDimension? Dimension { get; set; }
    public double Value { get; set; }
    /// <summary>What the judged rules examined and found failing in this dimension (or overall): the error rate's two counts.</summary>
    public long Examined { get; set; }
    public long Failing { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}
