using DataCatalog.Core.Profiling;

namespace DataCatalog.Core.Scoring;

/// <summary>Scores completeness (완전성) from column profiles: one rule result per column, and the dataset's score.</summary>
public static class CompletenessScorer
{
    /// <summary>Rule id recorded with each column's result.</summary>
    public const string RuleId = "completeness.non-blank";

    /// <summary>Evaluates every profiled column against <paramref name="threshold"/> (share of non-blank values, 0..1).</summary>
    /// <returns>The per-column results and the dataset score: blank cells over all cells examined, as 0–100;
    /// null when there is nothing to score (no columns or no rows).</returns>
    public static (IReadOnlyList<RuleOutcome> Results, double? Score) Evaluate(IReadOnlyList<ColumnProfile> profiles, double threshold = 0.95)
    {
        var results = new List<RuleOutcome>(profiles.Count);
        long examined = 0;
        long failing = 0;
        foreach (var profile in profiles)
        {
            var blank = profile.Nulls + profile.Empty;
            examined += profile.Rows;
            failing += blank;
            var measured = profile.Completeness;
            results.Add(new RuleOutcome(
                RuleId, QualityDimension.Completeness, profile.Column, measured >= threshold, measured, threshold,
                profile.Rows, blank,
                blank == 0 ? null : $"{blank} of {profile.Rows} values are blank ({(1 - measured) * 100:0.##}%)"));
        }

        double? score = examined == 0 ? null : Math.Round(100d * (examined - failing) / examined, 2);
        return (results, score);
    }
}
