using DataCatalog.Core.Scoring;

namespace DataCatalog.Core.Rules;

/// <summary>A resolved rule set: the rules to evaluate and the weight of each dimension in the overall score.</summary>
/// <param name="Name">The name sources refer to with their <c>ruleSet</c> field (<c>city-default</c>, <c>transport</c>).</param>
public sealed record RuleSet(string Name, IReadOnlyDictionary<QualityDimension, double> DimensionWeights, IReadOnlyList<RuleDefinition> Rules)
{
    /// <summary>The weight of <paramref name="dimension"/>; 1 when the rule set does not say.</summary>
    public double WeightOf(QualityDimension dimension) => DimensionWeights.TryGetValue(dimension, out var weight) ? weight : 1d;
}

/// <summary>One rule: what it checks (kind and parameters), on what (target), how strictly (threshold) and how much it counts.</summary>
public sealed record RuleDefinition(
    string Id,
    QualityDimension Dimension,
    string Kind,
    RuleTarget Target,
    RuleParameters Parameters,
    RuleThreshold Threshold,
    double Weight = 1,
    RuleSeverity Severity = RuleSeverity.Warning,
    string? Description = null);

/// <summary>How much of what a rule examines must pass: below <see cref="Error"/> the rule fails, below <see cref="Warn"/> it warns.</summary>
/// <param name="Error">Smallest passing share (0..1); a tolerance of 2 % is an error threshold of 0.98.</param>
/// <param name="Warn">Share under which a passing rule warns; null for no warning band.</param>
public sealed record RuleThreshold(double Error, double? Warn = null);

/// <summary>How serious a failure of the rule is for the finding it opens.</summary>
public enum RuleSeverity
{
    Info,
    Warning,
    Error,
    Critical,
}

/// <summary>Which datasets and (for column rules) which columns a rule applies to; empty lists match everything.</summary>
public sealed record RuleTarget(DatasetSelector Datasets, ColumnSelector Columns)
{
    public static RuleTarget All { get; } = new(DatasetSelector.All, ColumnSelector.All);
}

/// <summary>Datasets by source id, kind and qualified-name glob (<c>*</c> and <c>?</c>).</summary>
public sealed record DatasetSelector(IReadOnlyList<string> Sources, IReadOnlyList<string> Kinds, IReadOnlyList<string> Names)
{
    public static DatasetSelector All { get; } = new([], [], []);
}

/// <summary>Columns by name glob, semantic type, inferred type, personal-data class and matched standard term.</summary>
public sealed record ColumnSelector(
    IReadOnlyList<string> Names,
    IReadOnlyList<string> SemanticTypes,
    IReadOnlyList<string> InferredTypes,
    IReadOnlyList<string> Pii,
    IReadOnlyList<string> StandardTerms)
{
    public static ColumnSelector All { get; } = new([], [], [], [], []);
}

/// <summary>A rule's parameters; each kind reads the ones it declares in <see cref="RuleKinds"/>.</summary>
public sealed record RuleParameters
{
    /// <summary>Regular expression every value must match in full (<c>pattern</c>).</summary>
    public string? Pattern { get; init; }
    /// <summary>Accepted values (<c>accepted-values</c>).</summary>
    public IReadOnlyList<string> Values { get; init; } = [];
    /// <summary>Inclusive lower and upper bounds (<c>range</c>): numbers, or dates as <c>YYYY-MM-DD</c>.</summary>
    public string? Min { get; init; }
    public string? Max { get; init; }
    /// <summary>Date layout of text dates (<c>YYYYMMDD</c> or <c>YYYY-MM-DD</c>) for <c>calendar-date</c>.</summary>
    public string? Format { get; init; }
    /// <summary>Columns of a key (<c>unique</c>) or the pair start, end (<c>column-order</c>).</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];
    /// <summary>Metadata fields that must be present (<c>required-metadata</c>); the portal's seven when empty.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];
    /// <summary>Check-digit scheme for <c>check-digit</c>: <c>business</c> or <c>resident</c>.</summary>
    public string? Scheme { get; init; }
    /// <summary>Bounds for <c>coordinates</c>: <c>city</c> (the configured city box) or <c>korea</c>.</summary>
    public string? Bounds { get; init; }
    /// <summary>Days of grace past the declared update cycle (<c>update-cycle</c>).</summary>
    public int GraceDays { get; init; }

    public static RuleParameters None { get; } = new();
}
