using DataCatalog.Core.Rules;

namespace DataCatalog.Core.Scoring;

/// <summary>Scores 0–100 per dimension and overall, with the counts behind them, for a dataset or a roll-up of datasets.</summary>
/// <param name="Dimensions">One entry per dimension that had at least one judged rule.</param>
/// <param name="Overall">Weighted mean of the dimension scores by the rule set's dimension weights; null when nothing was judged.</param>
public sealed record ScoreCard(IReadOnlyList<DimensionScore> Dimensions, double? Overall)
{
    public static ScoreCard Empty { get; } = new([], null);

    /// <summary>A dataset's scores: each dimension the rule-weighted mean of its judged outcomes' scores; skipped rules do not count.</summary>
    public static ScoreCard Compute(IReadOnlyList<RuleOutcome> outcomes, RuleSet ruleSet)
    {
        var dimensions = outcomes.Where(o => !o.Skipped).GroupBy(o => o.Dimension).OrderBy(g => g.Key)
            .Select(g =>
            {
                var weight = g.Sum(o => o.Weight);
                var value = weight == 0 ? 100 : g.Sum(o => o.Score * o.Weight) / weight;
                return new DimensionScore(g.Key, Math.Round(value, 2), g.Sum(o => o.Examined), g.Sum(o => o.Failing), g.Count(o => !o.Passed));
            })
            .ToList();
        return new ScoreCard(dimensions, WeightedOverall(dimensions, ruleSet.WeightOf));
    }

    /// <summary>A source's, department's or the city's scores: each dimension the mean over the datasets scored in it, counts summed.</summary>
    public static ScoreCard Rollup(IEnumerable<ScoreCard> cards, Func<QualityDimension, double> weightOf)
    {
        var list = cards.ToList();
        var dimensions = list.SelectMany(c => c.Dimensions).GroupBy(d => d.Dimension).OrderBy(g => g.Key)
            .Select(g => new DimensionScore(g.Key, Math.Round(g.Average(d => d.Value), 2), g.Sum(d => d.Examined), g.Sum(d => d.Failing), g.Sum(d => d.FailedRules)))
            .ToList();
        return new ScoreCard(dimensions, WeightedOverall(dimensions, weightOf));
    }

    private static double? WeightedOverall(IReadOnlyList<DimensionScore> dimensions, Func<QualityDimension, double> weightOf)
    {
        var weight = dimensions.Sum(d => weightOf(d.Dimension));
        return dimensions.Count == 0 || weight == 0 ? null : Math.Round(dimensions.Sum(d => d.Value * weightOf(d.Dimension)) / weight, 2);
    }

    public double? Of(QualityDimension dimension) => Dimensions.FirstOrDefault(d => d.Dimension == dimension)?.Value;
}

/// <summary>One dimension's score with its error-rate counts: failing ÷ examined over the rules judged.</summary>
public sealed record DimensionScore(QualityDimension Dimension, double Value, long Examined, long Failing, int FailedRules)
{
    public double ErrorRate => Examined == 0 ? 0 : (double)Failing / Examined;
}
