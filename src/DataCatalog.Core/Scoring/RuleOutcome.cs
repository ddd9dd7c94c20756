using DataCatalog.Core.Rules;

namespace DataCatalog.Core.Scoring;

/// <summary>The evidence of one rule on one column or dataset: what was measured against what, over how many rows.</summary>
/// <param name="Measured">The passing share (0..1) for row rules; for the timeliness rule the days since the last change.</param>
/// <param name="Threshold">The smallest passing share, or for timeliness the days allowed.</param>
/// <param name="Examined">Rows (or fields, columns, checks) examined; with <paramref name="Failing"/> it gives the error rate.</param>
public sealed record RuleOutcome(
    string RuleId,
    QualityDimension Dimension,
    string? Column,
    bool Passed,
    double Measured,
    double Threshold,
    long Examined,
    long Failing,
    string? Message)
{
    /// <summary>The rule's kind (<see cref="RuleKinds"/>), so a reader can tell a metadata check from a row check.</summary>
    public string? Kind { get; init; }

    public RuleSeverity Severity { get; init; } = RuleSeverity.Warning;

    public double Weight { get; init; } = 1;

    /// <summary>True when a passing rule is below its warning threshold.</summary>
    public bool Warned { get; init; }

    /// <summary>Why the rule could not be judged (no checker, rows needed but not reachable); a skipped rule neither passes nor fails.</summary>
    public string? SkippedReason { get; init; }

    /// <summary>Failing values, masked when the column holds personal data.</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>The counts come from a sample of the rows (a sampled profile or probe).</summary>
    public bool Sampled { get; init; }

    /// <summary>False when only part of the values was seen (the profile's most frequent values), so failing is a lower bound.</summary>
    public bool Exhaustive { get; init; } = true;

    public bool Skipped => SkippedReason is not null;

    /// <summary>Error rate (오류율): failing ÷ examined; 0 when nothing was examined.</summary>
    public double ErrorRate => Examined == 0 ? 0 : (double)Failing / Examined;

    /// <summary>This outcome's 0–100 contribution to its dimension: the passing share of what was examined.</summary>
    public double Score => Examined == 0 ? (Passed ? 100 : 0) : 100d * (Examined - Failing) / Examined;

    public RuleStatus Status => Skipped ? RuleStatus.Skipped : !Passed ? RuleStatus.Failed : Warned ? RuleStatus.Warned : RuleStatus.Passed;
}

/// <summary>What became of a rule on one target.</summary>
public enum RuleStatus
{
    Passed,
    Warned,
    Failed,
    Skipped,
}
