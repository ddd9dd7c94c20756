using DataCatalog.Core.Scoring;

namespace DataCatalog.Persistence.Model;

/// <summary>A roll-up score of a source, a department or the city in one dimension (or overall), kept as history.</summary>
public sealed class ScopeScore
{
    public long Id { get; set; }
    public ScoreScope Scope { get; set; }
    /// <summary>The source id or department code; empty for the city.</summary>
    public required string ScopeKey { get; set; }
    /// <summary>The dimension, or null for the overall score.</summary>
    public QualityDimension? Dimension { get; set; }
    public double Value { get; set; }
    public long Examined { get; set; }
    public long Failing { get; set; }
    /// <summary>Datasets whose scores were averaged.</summary>
    public int Datasets { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}

/// <summary>The levels scores roll up to from datasets.</summary>
public enum ScoreScope
{
    Source,
    Department,
    City,
}
