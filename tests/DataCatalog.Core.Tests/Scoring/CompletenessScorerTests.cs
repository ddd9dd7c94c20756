using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Scoring;

namespace DataCatalog.Core.Tests.Scoring;

public sealed class CompletenessScorerTests
{
    private static ColumnProfile Profile(string column, long rows, long nulls, long empty) =>
        new(column, rows, nulls, empty, 1, false, null, null, null, null, [], [], InferredType.Text, PiiClass.None);

    [Fact]
    public void Each_column_is_measured_against_the_threshold_with_its_blank_count()
    {
        var (results, _) = CompletenessScorer.Evaluate([Profile("a", 200, 0, 0), Profile("b", 200, 6, 4)]);

        Assert.Equal(new RuleOutcome(CompletenessScorer.RuleId, QualityDimension.Completeness, "a", true, 1d, 0.95, 200, 0, null), results[0]);
        Assert.Equal(
            new RuleOutcome(CompletenessScorer.RuleId, QualityDimension.Completeness, "b", true, 0.95, 0.95, 200, 10, "10 of 200 values are blank (5%)"),
            results[1]);
    }

    [Fact]
    public void A_column_under_the_threshold_fails()
    {
        var (results, _) = CompletenessScorer.Evaluate([Profile("c", 8, 3, 0)], threshold: 0.9);

        var result = Assert.Single(results);
        Assert.False(result.Passed);
        Assert.Equal(0.625, result.Measured);
        Assert.Equal("3 of 8 values are blank (37.5%)", result.Message);
    }

    [Fact]
    public void The_dataset_score_is_non_blank_cells_over_all_cells()
    {
        // 400 cells, 10 + 30 blank: 360 / 400 = 90.
        var (_, score) = CompletenessScorer.Evaluate([Profile("a", 200, 0, 10), Profile("b", 200, 30, 0)]);

        Assert.Equal(90d, score);
    }

    [Fact]
    public void Nothing_to_score_gives_no_score()
    {
        Assert.Null(CompletenessScorer.Evaluate([]).Score);
        Assert.Null(CompletenessScorer.Evaluate([Profile("a", 0, 0, 0)]).Score);
    }

    [Fact]
    public void The_score_is_rounded_to_two_decimals()
    {
        // 3 cells, 1 blank: 66.666… → 66.67.
        var (_, score) = CompletenessScorer.Evaluate([Profile("a", 3, 1, 0)]);

        Assert.Equal(66.67, score);
    }
}
