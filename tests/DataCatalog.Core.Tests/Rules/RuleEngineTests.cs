using DataCatalog.Core.Catalog;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using static DataCatalog.Core.Tests.Rules.RuleFixtures;

namespace DataCatalog.Core.Tests.Rules;

public class RuleEngineTests
{
    [Fact]
    public void Completeness_counts_nulls_and_blanks_over_rows_and_warns_between_the_thresholds()
    {
        var input = Dataset([Profile("rdnmadr", rows: 200, nulls: 12, empty: 3)]);

        var outcome = Assert.Single(Evaluate(input, Rule("c", QualityDimension.Completeness, RuleKinds.NotNull, error: 0.9, warn: 0.98)));

        Assert.Equal((200L, 15L), (outcome.Examined, outcome.Failing));
        Assert.Equal(0.925, outcome.Measured);
        Assert.Equal(RuleStatus.Warned, outcome.Status);
        Assert.Equal(0.075, outcome.ErrorRate, 9);
        Assert.Equal(92.5, outcome.Score, 9);
    }

    [Fact]
    public void Calendar_invalid_dates_are_counted_exactly_when_the_top_values_cover_every_row()
    {
        var input = Dataset([Profile("reg_ymd", rows: 60, nulls: 5, top: [("20230101", 50), ("20231301", 3), ("20230230", 2)])]);
        var rule = Rule("d", QualityDimension.Validity, RuleKinds.CalendarDate, error: 0.99, parameters: new RuleParameters { Format = "YYYYMMDD" });

        var outcome = Assert.Single(Evaluate(input, rule));

        Assert.Equal((55L, 5L), (outcome.Examined, outcome.Failing));
        Assert.Equal(["20231301", "20230230"], outcome.Examples);
        Assert.True(outcome.Exhaustive);
        Assert.Equal(RuleStatus.Failed, outcome.Status);
    }

    [Fact]
    public void A_column_typed_date_passes_the_calendar_rule_whatever_its_text_layout()
    {
        var input = Dataset([Profile("opn_de", rows: 2500, nulls: 100, top: [("2021-03-04", 10)])], columns: [new ColumnSnapshot("opn_de", 1, "date")]);

        var outcome = Assert.Single(Evaluate(input, Rule("d", QualityDimension.Validity, RuleKinds.CalendarDate, error: 0.99, parameters: new RuleParameters { Format = "YYYYMMDD" })));

        Assert.Equal((2400L, 0L, RuleStatus.Passed), (outcome.Examined, outcome.Failing, outcome.Status));
    }

    [Fact]
    public void A_result_on_a_sampled_profile_with_partial_top_values_says_so()
    {
        var input = Dataset([Profile("reg_ymd", rows: 1000, top: [("20230101", 400), ("20231301", 100)], sampled: true)]);
        var rule = Rule("d", QualityDimension.Validity, RuleKinds.CalendarDate, error: 0.99, parameters: new RuleParameters { Format = "YYYYMMDD" });

        var outcome = Assert.Single(Evaluate(input, rule));

        Assert.Equal((500L, 100L), (outcome.Examined, outcome.Failing));
        Assert.True(outcome.Sampled);
        Assert.False(outcome.Exhaustive);
        Assert.Contains("Computed on a sample of the rows.", outcome.Message);
        Assert.Contains("covering 500 of 1000 non-blank rows", outcome.Message);
    }

    [Fact]
    public void Accepted_values_fail_lower_case_flags()
    {
        var input = Dataset([Profile("opn_yn", rows: 100, top: [("Y", 80), ("N", 15), ("y", 5)])]);
        var rule = Rule("f", QualityDimension.Validity, RuleKinds.AcceptedValues, error: 0.99, parameters: new RuleParameters { Values = ["Y", "N"] }, columns: Columns("*_yn"));

        var outcome = Assert.Single(Evaluate(input, rule));

        Assert.Equal((100L, 5L), (outcome.Examined, outcome.Failing));
        Assert.Equal(["y"], outcome.Examples);
    }

    [Fact]
    public void A_pattern_rule_targets_only_columns_whose_names_match_its_glob()
    {
        var input = Dataset([
            Profile("ars_no", rows: 4, top: [("01234", 3), ("12", 1)]),
            Profile("stop_nm", rows: 4, top: [("시청앞", 4)]),
        ]);
        var rule = Rule("p", QualityDimension.Validity, RuleKinds.Pattern, parameters: new RuleParameters { Pattern = @"\d{5}" }, columns: Columns("*_no"));

        var outcome = Assert.Single(Evaluate(input, rule));

        Assert.Equal(("ars_no", 4L, 1L), (outcome.Column, outcome.Examined, outcome.Failing));
    }

    [Fact]
    public void A_range_within_the_profiles_min_and_max_passes_every_row_and_one_outside_fails_at_least_one()
    {
        var good = Dataset([Profile("prkcmprt_co", rows: 3000, min: "10", max: "500", top: [("100", 20)])]);
        var bad = Dataset([Profile("prkcmprt_co", rows: 3000, min: "-1", max: "500", top: [("100", 20), ("-1", 61)])]);
        var rule = Rule("r", QualityDimension.Validity, RuleKinds.Range, error: 0.99, parameters: new RuleParameters { Min = "0" });

        var pass = Assert.Single(Evaluate(good, rule));
        var fail = Assert.Single(Evaluate(bad, rule));

        Assert.Equal((3000L, 0L, true), (pass.Examined, pass.Failing, pass.Exhaustive));
        Assert.Equal((3000L, 61L), (fail.Examined, fail.Failing));
        Assert.Equal(["-1"], fail.Examples);
    }

    [Fact]
    public void Duplicates_are_rows_minus_distinct_when_the_count_is_exact_and_skipped_when_estimated()
    {
        var exact = Dataset([Profile("stop_id", rows: 4000, nulls: 10, distinct: 3500)]);
        var estimated = Dataset([Profile("stop_id", rows: 4000, distinct: 3990, estimate: true)]);
        var rule = Rule("u", QualityDimension.Uniqueness, RuleKinds.Unique);

        var counted = Assert.Single(Evaluate(exact, rule));
        var skipped = Assert.Single(Evaluate(estimated, rule));

        Assert.Equal((3990L, 490L), (counted.Examined, counted.Failing));
        Assert.Equal(RuleStatus.Skipped, skipped.Status);
        Assert.Contains("estimate", skipped.SkippedReason);
    }

    [Fact]
    public void A_table_without_a_primary_key_fails_and_a_repeated_key_counts_its_repeats()
    {
        var none = Dataset([Profile("a", rows: 10)]);
        var repeated = Dataset([Profile("id", rows: 10, distinct: 8)], columns: [new ColumnSnapshot("id", 1, "integer", IsPrimaryKey: true)]);
        var rule = Rule("pk", QualityDimension.Uniqueness, RuleKinds.PrimaryKey);

        Assert.Equal((1L, 1L), (Evaluate(none, rule)[0].Examined, Evaluate(none, rule)[0].Failing));
        Assert.Equal((10L, 2L), (Evaluate(repeated, rule)[0].Examined, Evaluate(repeated, rule)[0].Failing));
    }

    [Theory]
    [InlineData("월 1회", "2026-09-01", false, 86.38)]
    [InlineData("매월", "2026-11-01", true, 25.38)]
    [InlineData("weekly", "2026-11-15", false, 11.38)]
    [InlineData("분기", "2026-09-01", true, 86.38)]
    [InlineData("수시", "2020-01-01", true, 2521.38)]
    public void Timeliness_compares_the_last_change_with_the_declared_cycle_on_a_frozen_clock(string cycle, string modified, bool passed, double days)
    {
        var metadata = new DatasetMetadata { UpdateCycle = cycle, Modified = DateTimeOffset.Parse(modified + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture) };
        var input = Dataset([], metadata, DatasetKind.File);

        var outcome = Assert.Single(Evaluate(input, Rule("t", QualityDimension.Timeliness, RuleKinds.UpdateCycle, parameters: new RuleParameters { GraceDays = 3 })));

        Assert.Equal(passed, outcome.Passed);
        Assert.Equal(days, outcome.Measured);
        Assert.Equal((1L, passed ? 0L : 1L), (outcome.Examined, outcome.Failing));
    }

    [Fact]
    public void Timeliness_without_a_declared_cycle_is_skipped_with_the_reason_not_passed()
    {
        var outcome = Assert.Single(Evaluate(Dataset([]), Rule("t", QualityDimension.Timeliness, RuleKinds.UpdateCycle)));

        Assert.Equal(RuleStatus.Skipped, outcome.Status);
        Assert.False(outcome.Passed);
        Assert.Contains("no update cycle", outcome.SkippedReason);
    }

    [Fact]
    public void Swapped_coordinates_are_counted_outside_Korea_and_named_as_swapped()
    {
        var input = Dataset([
            Profile("latitude", rows: 1000, min: "37.40", max: "127.10", top: [("127.10", 30), ("37.50", 5)], type: InferredType.Decimal, semantic: SemanticType.Latitude),
            Profile("longitude", rows: 1000, min: "37.40", max: "127.00", top: [("37.40", 30)], type: InferredType.Decimal, semantic: SemanticType.Longitude),
        ]);

        var outcome = Assert.Single(Evaluate(input, Rule("g", QualityDimension.Accuracy, RuleKinds.Coordinates, error: 0.99, parameters: new RuleParameters { Bounds = "korea" })));

        Assert.Equal((1000L, 30L), (outcome.Examined, outcome.Failing));
        Assert.Contains("swapped", outcome.Message);
        Assert.False(outcome.Exhaustive);
        Assert.Equal(RuleStatus.Failed, outcome.Status);
    }

    [Fact]
    public void Business_numbers_with_a_wrong_check_digit_fail()
    {
        var input = Dataset([Profile("bizrno", rows: 10, top: [("220-81-62517", 6), ("123-45-67890", 4)])]);

        var outcome = Assert.Single(Evaluate(input, Rule("b", QualityDimension.Accuracy, RuleKinds.CheckDigit, parameters: new RuleParameters { Scheme = "business" })));

        Assert.Equal((10L, 4L), (outcome.Examined, outcome.Failing));
    }

    [Fact]
    public void Required_metadata_counts_each_missing_or_implausible_field()
    {
        var metadata = new DatasetMetadata { Title = "public.sample", Description = "주차장", UpdateCycle = "월", Licence = "공공누리 1유형", ContactPoint = "담당자" };
        var outcome = Assert.Single(Evaluate(Dataset([], metadata), Rule("m", QualityDimension.Standardization, RuleKinds.RequiredMetadata, error: 0.85)));

        Assert.Equal((7L, 4L), (outcome.Examined, outcome.Failing));
        // The same judgement as the catalog's metadata check (Core/Standards/MetadataCompleteness), word for word.
        Assert.Equal(
            [
                "the title 'public.sample' is the table name; write what the data is about (such as 주차장 현황)",
                "the description has 3 characters, fewer than 20; say what a row is, its coverage and its source",
                "no keywords; add a few words people would search for",
                "'담당자' is not a contact; give a department phone number or e-mail",
            ],
            outcome.Examples);
    }

    [Fact]
    public void Standard_terms_are_skipped_with_a_reason_when_no_checker_is_registered()
    {
        var outcome = Assert.Single(Evaluate(Dataset([Profile("PRKPLCE_NM", rows: 1)]), Rule("s", QualityDimension.Standardization, RuleKinds.StandardTerm)));

        Assert.Equal(RuleStatus.Skipped, outcome.Status);
        Assert.Contains("no standard dictionary checker", outcome.SkippedReason);
    }

    [Fact]
    public void Standard_terms_and_domains_follow_the_checkers_judgement()
    {
        var input = Dataset([Profile("PRKPLCE_NM", rows: 1), Profile("REG_YMD", rows: 1), Profile("StopName", rows: 1)]);
        var context = new RuleContext(Now, new TwoTermChecker());

        var terms = Evaluate(input, context, Rule("s", QualityDimension.Standardization, RuleKinds.StandardTerm));
        var domains = Evaluate(input, context, Rule("d", QualityDimension.Validity, RuleKinds.DomainFormat));

        Assert.Equal([true, false, false], terms.Select(o => o.Passed));
        Assert.Contains("Rename to 정류소명 (STTN_NM)", terms[2].Message);
        Assert.Equal([("PRKPLCE_NM", true), ("REG_YMD", false)], domains.Select(o => (o.Column!, o.Passed)));
        Assert.Contains("expected CHAR(8)", domains[1].Message);
    }

    [Fact]
    public void A_probe_over_every_row_replaces_the_profile_estimate()
    {
        var input = Dataset([Profile("reg_ymd", rows: 3000, top: [("20231301", 20)])]) with
        {
            Probes = [new RowProbeResult("d", "reg_ymd", 3000, 117, ["20231301", "20231401"])],
        };

        var outcome = Assert.Single(Evaluate(input, Rule("d", QualityDimension.Validity, RuleKinds.CalendarDate, error: 0.99)));

        Assert.Equal((3000L, 117L, true), (outcome.Examined, outcome.Failing, outcome.Exhaustive));
        Assert.Equal(0.961, outcome.Measured);
    }

    [Fact]
    public void Foreign_keys_need_rows_and_are_skipped_on_a_profile_only_for_referencing_columns()
    {
        var input = Dataset([Profile("cctv_id", rows: 5), Profile("name", rows: 5)],
            columns: [new ColumnSnapshot("cctv_id", 1, "integer", References: "public.cctv.cctv_id"), new ColumnSnapshot("name", 2, "text")]);

        var outcome = Assert.Single(Evaluate(input, Rule("fk", QualityDimension.Consistency, RuleKinds.ForeignKey)));

        Assert.Equal(("cctv_id", RuleStatus.Skipped), (outcome.Column, outcome.Status));
    }

    [Fact]
    public void A_code_column_that_shares_no_value_with_its_namesake_elsewhere_fails()
    {
        var mine = Profile("sido_cd", rows: 10, top: [("11", 10)]);
        var codes = CodeValueIndex.Build([
            ("public.sample", [mine]),
            ("public.other", [Profile("sido_cd", rows: 5, top: [("11", 5)])]),
            ("public.legacy", [Profile("sido_cd", rows: 5, top: [("SEOUL", 5)])]),
        ]);

        var outcome = Assert.Single(Evaluate(Dataset([mine]), new RuleContext(Now, Codes: codes), Rule("c", QualityDimension.Consistency, RuleKinds.SameCodeSameValues)));

        Assert.Equal((2L, 1L), (outcome.Examined, outcome.Failing));
        Assert.Equal(["public.legacy"], outcome.Examples);
    }

    [Fact]
    public void Personal_data_columns_are_not_judged_from_masked_values()
    {
        var input = Dataset([Profile("mbl_telno", rows: 10, top: [("010-****-5678", 10)], pii: PiiClass.MobilePhone)]);

        var outcome = Assert.Single(Evaluate(input, Rule("p", QualityDimension.Validity, RuleKinds.Pattern, parameters: new RuleParameters { Pattern = @"\d+" })));

        Assert.Equal(RuleStatus.Skipped, outcome.Status);
    }
}
