using DataCatalog.Core.Catalog;
using DataCatalog.Core.Findings;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using static DataCatalog.Core.Tests.Rules.RuleFixtures;

namespace DataCatalog.Core.Tests.Rules;

public class ScoringTests
{
    private static RuleOutcome Judged(QualityDimension dimension, long examined, long failing, double weight = 1, string? kind = null, bool skipped = false) =>
        new("r", dimension, null, failing == 0, 0, 0, examined, failing, null) { Weight = weight, Kind = kind, SkippedReason = skipped ? "no checker" : null };

    private static readonly RuleSet Weighted = new("w", new Dictionary<QualityDimension, double> { [QualityDimension.Validity] = 3 }, []);

    [Fact]
    public void Dimension_scores_are_rule_weighted_means_and_the_overall_is_dimension_weighted()
    {
        var card = ScoreCard.Compute([
            Judged(QualityDimension.Completeness, 100, 10),
            Judged(QualityDimension.Completeness, 100, 30, weight: 3),
            Judged(QualityDimension.Validity, 50, 5),
            Judged(QualityDimension.Standardization, 0, 0, skipped: true),
        ], Weighted);

        Assert.Equal([(QualityDimension.Completeness, 75d, 200L, 40L), (QualityDimension.Validity, 90d, 50L, 5L)],
            card.Dimensions.Select(d => (d.Dimension, d.Value, d.Examined, d.Failing)));
        // (75 × 1 + 90 × 3) / 4; the skipped standardization rule counts nowhere.
        Assert.Equal(86.25, card.Overall);
    }

    [Fact]
    public void Roll_up_averages_each_dimension_over_the_datasets_scored_in_it()
    {
        var a = ScoreCard.Compute([Judged(QualityDimension.Completeness, 100, 0), Judged(QualityDimension.Validity, 100, 50)], Weighted);
        var b = ScoreCard.Compute([Judged(QualityDimension.Completeness, 100, 20)], Weighted);

        var rolled = ScoreCard.Rollup([a, b], Weighted.WeightOf);

        Assert.Equal(90, rolled.Of(QualityDimension.Completeness));
        Assert.Equal(50, rolled.Of(QualityDimension.Validity));
        Assert.Equal((200L, 20L), (rolled.Dimensions[0].Examined, rolled.Dimensions[0].Failing));
        Assert.Equal(60, rolled.Overall);
    }

    [Fact]
    public void A_documented_table_with_a_perfect_score_grades_A_with_no_reasons()
    {
        var snapshot = new DatasetSnapshot("public.parking_lot", DatasetKind.Table, [], DatasetMetadata.Empty);
        var outcomes = new[] { Judged(QualityDimension.Timeliness, 1, 0, kind: RuleKinds.UpdateCycle), Judged(QualityDimension.Standardization, 7, 0, kind: RuleKinds.RequiredMetadata) };

        var grade = AiReadiness.Grade(snapshot, [], outcomes, ScoreCard.Compute(outcomes, Weighted));

        Assert.Equal(("A", 100d), (grade.Grade, grade.Points));
        Assert.Empty(grade.Reasons);
    }

    [Fact]
    public void A_spreadsheet_with_personal_data_and_gaps_lists_its_reasons_most_costly_first()
    {
        var snapshot = new DatasetSnapshot("문화/관람객.xlsx", DatasetKind.File, [], DatasetMetadata.Empty);
        var outcomes = new[]
        {
            Judged(QualityDimension.Standardization, 7, 7, kind: RuleKinds.RequiredMetadata),
            Judged(QualityDimension.Completeness, 100, 20),
        };
        var profiles = new[] { Profile("연락처", rows: 10, pii: PiiClass.MobilePhone), Profile("관리기관전화번호", rows: 10, pii: PiiClass.InstitutionalContact) };

        var grade = AiReadiness.Grade(snapshot, profiles, outcomes, ScoreCard.Compute(outcomes, Weighted));

        // Quality is (completeness 80 + standardization 0) / 2 = 40, costing 30 × 60 / 100 = 18; metadata 15, personal data 15,
        // spreadsheet 5, unknown cycle 5: 100 − 58 = 42.
        Assert.Equal(["quality", "metadata", "personal-data", "format", "update-cycle"], grade.Reasons.Select(r => r.Criterion));
        Assert.Equal([18d, 15d, 15d, 5d, 5d], grade.Reasons.Select(r => r.PointsLost));
        Assert.Equal("Holds personal data in 연락처 (MobilePhone): remove or pseudonymise before release.", grade.Reasons[2].Message);
        Assert.Equal(("D", 42d), (grade.Grade, grade.Points));
    }

    [Fact]
    public void A_failing_rule_opens_a_finding_that_closes_when_the_rule_passes_and_reopens_when_it_fails_again()
    {
        var opened = FindingLifecycle.OnOutcome(null, null, passed: false, Now);
        var resolved = FindingLifecycle.OnOutcome(opened, null, passed: true, Now);
        var reopened = FindingLifecycle.OnOutcome(resolved, null, passed: false, Now);

        Assert.Equal((FindingStatus.Open, FindingStatus.Resolved, FindingStatus.Open), (opened, resolved, reopened));
        Assert.Null(FindingLifecycle.OnOutcome(null, null, passed: true, Now));
    }

    [Fact]
    public void A_waived_finding_stays_waived_until_its_expiry_and_reopens_after_it()
    {
        var until = new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero);

        Assert.Equal(FindingStatus.Waived, FindingLifecycle.OnOutcome(FindingStatus.Waived, until, passed: false, Now));
        Assert.Equal(FindingStatus.Waived, FindingLifecycle.OnClock(FindingStatus.Waived, until, until));
        Assert.Equal(FindingStatus.Open, FindingLifecycle.OnClock(FindingStatus.Waived, until, until.AddSeconds(1)));
        Assert.Equal(FindingStatus.Open, FindingLifecycle.OnOutcome(FindingStatus.Waived, until, passed: false, until.AddDays(1)));
    }

    [Fact]
    public void Stewards_cannot_acknowledge_a_resolved_finding()
    {
        var (next, error) = FindingLifecycle.Act(FindingStatus.Resolved, FindingAction.Acknowledge);

        Assert.Null(next);
        Assert.Contains("reopen it first", error);
        Assert.Equal(FindingStatus.Assigned, FindingLifecycle.Act(FindingStatus.Acknowledged, FindingAction.Assign).Next);
    }

    [Theory]
    [InlineData("일", 1)]
    [InlineData("매주 월요일", 7)]
    [InlineData("매월 1일", 31)]
    [InlineData("반기", 184)]
    [InlineData("연 1회", 366)]
    [InlineData("quarterly", 92)]
    [InlineData("half-yearly", 184)]
    public void Update_cycles_in_Korean_and_English_map_to_the_days_they_allow(string declared, int days)
    {
        Assert.Equal(TimeSpan.FromDays(days), UpdateCycle.MaxAge(declared));
    }
}
