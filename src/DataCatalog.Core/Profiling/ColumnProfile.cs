using DataCatalog.Core.Privacy;

namespace DataCatalog.Core.Profiling;

/// <summary>Statistics of one column's values. Sample values of a column holding personal data are masked.</summary>
/// <param name="Rows">Values examined (rows of the table or of its sample).</param>
/// <param name="Nulls">Values that were SQL NULL or an empty file cell.</param>
/// <param name="Empty">Values that were present but blank (only spaces).</param>
/// <param name="Distinct">Distinct non-blank values: exact when <paramref name="DistinctIsEstimate"/> is false.</param>
/// <param name="Min">Smallest value in the column's inferred order (numbers numerically, dates chronologically, text ordinally); null for a column holding personal data.</param>
/// <param name="Patterns">Most frequent pattern classes (<c>9999-99-99</c>, <c>AAA-9999</c>) with counts; collapsed to runs (<c>A+@A+.A+</c>) for personal data.</param>
/// <param name="TopValues">Most frequent values with counts; for personal data masked, and only those shared by two rows or more.</param>
/// <param name="InferredType">The narrowest type every non-blank value fits (see <see cref="ValueTypeInference"/>).</param>
/// <param name="Pii">Personal-data class detected in the values or name, <see cref="PiiClass.None"/> otherwise.</param>
/// <param name="Sampled">True when the profile was computed from a sample of the rows.</param>
public sealed record ColumnProfile(
    string Column,
    long Rows,
    long Nulls,
    long Empty,
    long Distinct,
    bool DistinctIsEstimate,
    string? Min,
    string? Max,
    int? MinLength,
    int? MaxLength,
    IReadOnlyList<ValueCount> TopValues,
    IReadOnlyList<ValueCount> Patterns,
    InferredType InferredType,
    PiiClass Pii,
    long PiiMatches = 0,
    bool Sampled = false)
{
    /// <summary>What the values mean (a latitude, an address, a Y/N flag…), inferred from the values and the column name.</summary>
    public SemanticType Semantic { get; init; }

    /// <summary>Why the column has its <see cref="Pii"/> class (name cue, share of matching values, check digits); null when nothing suggested one.</summary>
    public PiiEvidence? PiiEvidence { get; init; }

    /// <summary>Share of rows that hold a non-blank value, 0..1; 1 for an empty column.</summary>
    public double Completeness => Rows == 0 ? 1d : (double)(Rows - Nulls - Empty) / Rows;
}

/// <summary>A value (or pattern) and how many rows hold it.</summary>
public sealed record ValueCount(string Value, long Count);

/// <summary>Types a column's values are inferred to have, narrowest first.</summary>
public enum InferredType
{
    Empty,
    Boolean,
    Integer,
    Decimal,
    Date,
    DateTime,
    Text,
}
