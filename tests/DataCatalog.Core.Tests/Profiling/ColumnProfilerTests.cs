using System.Text;
using System.Text.Json;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Core.Tests.Profiling;

public class ColumnProfilerTests
{
    private static ColumnProfile Profile(string column, IEnumerable<string?> values, ProfilerOptions? options = null) =>
        Fill(new ColumnProfiler(column, options), values).Build();

    private static ColumnProfiler Fill(ColumnProfiler profiler, IEnumerable<string?> values)
    {
        foreach (var value in values)
        {
            profiler.Add(value);
        }

        return profiler;
    }

    [Fact]
    public void Rows_nulls_blanks_distinct_and_lengths_are_counted_exactly()
    {
        var profile = Profile("주차장명", ["시청", null, "  ", "", "시청", "중구청", "A"]);

        Assert.Equal(7, profile.Rows);
        Assert.Equal(1, profile.Nulls);
        Assert.Equal(2, profile.Empty);
        Assert.Equal(3, profile.Distinct);
        Assert.False(profile.DistinctIsEstimate);
        Assert.Equal(1, profile.MinLength);
        Assert.Equal(3, profile.MaxLength);
        Assert.Equal(4d / 7, profile.Completeness, 12);
    }

    [Fact]
    public void Top_values_are_ordered_by_count_then_ordinally_and_cut_to_the_option()
    {
        var profile = Profile("개방여부", ["Y", "N", "Y", "X", "N", "Y", "Z"], new ProfilerOptions(TopValues: 3));

        Assert.Equal([new ValueCount("Y", 3), new ValueCount("N", 2), new ValueCount("X", 1)], profile.TopValues);
    }

    [Fact]
    public void Exactly_the_limit_of_distinct_values_is_still_exact()
    {
        var profile = Profile("code", Enumerable.Range(0, 100).Select(i => $"c{i}"), new ProfilerOptions(ExactDistinctLimit: 100));

        Assert.Equal(100, profile.Distinct);
        Assert.False(profile.DistinctIsEstimate);
    }

    [Fact]
    public void One_value_past_the_limit_switches_to_an_estimate()
    {
        var profile = Profile("code", Enumerable.Range(0, 101).Select(i => $"c{i}"), new ProfilerOptions(ExactDistinctLimit: 100));

        Assert.True(profile.DistinctIsEstimate);
        // Linear counting is near exact at this size, and never below the 101 values seen to be distinct.
        Assert.InRange(profile.Distinct, 101, 103);
    }

    [Fact]
    public void Distinct_estimate_is_within_three_percent_for_200000_distinct_values()
    {
        var profiler = new ColumnProfiler("신청번호");
        for (var i = 0; i < 200_000; i++)
        {
            profiler.Add($"REQ-{i:D7}");
            if (i % 4 == 0)
            {
                profiler.Add($"REQ-{i:D7}");
            }
        }

        var profile = profiler.Build();

        Assert.Equal(250_000, profile.Rows);
        Assert.True(profile.DistinctIsEstimate);
        Assert.InRange(profile.Distinct, 194_000, 206_000);
    }

    [Fact]
    public void Tracked_values_never_exceed_the_exact_limit()
    {
        var profiler = new ColumnProfiler("id", new ProfilerOptions(ExactDistinctLimit: 1_000));
        for (var i = 0; i < 50_000; i++)
        {
            profiler.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(profiler.TrackedValues <= 1_000);
        }

        Assert.Equal(1_000, profiler.TrackedValues);
    }

    [Fact]
    public void Values_tracked_before_the_limit_keep_counting_after_it()
    {
        var values = new List<string> { "frequent" };
        values.AddRange(Enumerable.Range(0, 50).Select(i => $"once{i}"));
        values.AddRange(Enumerable.Repeat("frequent", 30));
        values.AddRange(Enumerable.Repeat("late", 40));

        var profile = Profile("v", values, new ProfilerOptions(ExactDistinctLimit: 10, TopValues: 1));

        // "late" arrived after the limit and is not tracked: the approximation the profile admits to.
        Assert.True(profile.DistinctIsEstimate);
        Assert.Equal([new ValueCount("frequent", 31)], profile.TopValues);
    }

    [Fact]
    public void Every_tracked_value_keeps_its_exact_count_among_many_untracked_ones()
    {
        // Past the limit a filter of the tracked values skips the dictionary for the others; it must never miss a tracked one.
        var first = Enumerable.Range(0, 1_000).Select(i => $"T{i}");
        var untracked = Enumerable.Range(0, 50_000).Select(i => $"U{i}");
        var profile = Profile("v", first.Concat(untracked).Concat(first).Concat(first), new ProfilerOptions(ExactDistinctLimit: 1_000, TopValues: 2_000));

        Assert.Equal(1_000, profile.TopValues.Count);
        Assert.All(profile.TopValues, top => Assert.Equal(3, top.Count));
        Assert.Equal(53_000, profile.Rows);
    }

    [Fact]
    public void Patterns_are_counted_with_their_class_symbols()
    {
        var profile = Profile("등록일자", ["2024-01-05", "2024-02-06", "20240107", "미상"]);

        Assert.Equal(
            [new ValueCount("9999-99-99", 2), new ValueCount("99999999", 1), new ValueCount("KK", 1)],
            profile.Patterns);
    }

    [Fact]
    public void Patterns_past_the_limit_go_to_the_other_bucket_and_memory_stays_bounded()
    {
        // Lengths 1..20 of digits give 20 distinct patterns; only 5 are tracked.
        var values = Enumerable.Range(1, 20).Select(n => new string('1', n)).Concat(Enumerable.Repeat("1", 3));
        var profiler = Fill(new ColumnProfiler("v", new ProfilerOptions(TopValues: 2, MaxPatterns: 5)), values);

        var profile = profiler.Build();

        Assert.Equal(5, profiler.TrackedPatterns);
        Assert.Equal([new ValueCount(ColumnProfiler.OtherPatterns, 15), new ValueCount("9", 4)], profile.Patterns);
    }

    [Fact]
    public void Numbers_are_ordered_numerically()
    {
        var profile = Profile("금액", ["9", "10", "-2.5", "100.25"]);

        Assert.Equal(InferredType.Decimal, profile.InferredType);
        Assert.Equal("-2.5", profile.Min);
        Assert.Equal("100.25", profile.Max);
    }

    [Fact]
    public void Dates_are_ordered_chronologically_across_forms()
    {
        var profile = Profile("등록일자", ["2024.01.05", "20231231", "2024-02-01", "2024/01/31"]);

        Assert.Equal(InferredType.Date, profile.InferredType);
        Assert.Equal("20231231", profile.Min);
        Assert.Equal("2024-02-01", profile.Max);
    }

    [Fact]
    public void Date_times_are_ordered_chronologically()
    {
        var profile = Profile("수정일시", ["2024-01-05 09:00", "2024-01-05", "2024-01-04T23:59:59"]);

        Assert.Equal(InferredType.DateTime, profile.InferredType);
        Assert.Equal("2024-01-04T23:59:59", profile.Min);
        Assert.Equal("2024-01-05 09:00", profile.Max);
    }

    [Fact]
    public void Text_is_ordered_ordinally()
    {
        var profile = Profile("코드", ["b", "B", "10", "9", "가"]);

        Assert.Equal(InferredType.Text, profile.InferredType);
        Assert.Equal("10", profile.Min);
        Assert.Equal("가", profile.Max);
    }

    [Fact]
    public void Compact_dates_with_one_impossible_day_are_integers()
    {
        var profile = Profile("기준일", ["20240105", "20240231"]);

        Assert.Equal(InferredType.Integer, profile.InferredType);
        Assert.Equal("20240105", profile.Min);
    }

    [Fact]
    public void Column_without_values_is_empty_and_takes_personal_data_class_from_its_name()
    {
        var profile = Profile("휴대폰번호", [null, " "]);

        Assert.Equal(InferredType.Empty, profile.InferredType);
        Assert.Equal(0, profile.Distinct);
        Assert.Null(profile.Min);
        Assert.Null(profile.MinLength);
        Assert.Empty(profile.TopValues);
        Assert.Equal(PiiClass.MobilePhone, profile.Pii);
        Assert.Equal(0, profile.PiiMatches);
    }

    [Fact]
    public void Profile_of_a_phone_column_has_no_raw_value_in_top_values_min_or_max()
    {
        string[] raw = ["010-1234-5678", "010-9876-5678", "02-123-4567", "010-1111-2222", "010-1111-2222", "없음"];

        var profile = Profile("연락처", raw);

        Assert.Equal(PiiClass.MobilePhone, profile.Pii);
        Assert.Equal(4, profile.PiiMatches);
        Assert.Null(profile.Min);
        Assert.Null(profile.Max);
        Assert.DoesNotContain(profile.TopValues, top => raw.Contains(top.Value));
        // Two numbers ending in 5678 mask alike and are counted together; masked values held by one row are not shown.
        Assert.Equal([new ValueCount("010-****-2222", 2), new ValueCount("010-****-5678", 2)], profile.TopValues);
    }

    [Fact]
    public void Profile_of_a_resident_number_column_has_no_raw_value_anywhere()
    {
        // Valid check digits: 900101-1234568 (Σ 124 → 8), 020304-3123457 (Σ 136 → 7); 850505-1234561 is unverified.
        string[] raw = ["900101-1234568", "020304-3123457", "850505-1234561", "9001011234568"];

        var profile = Profile("주민등록번호", raw);

        Assert.Equal(PiiClass.ResidentRegistrationNumber, profile.Pii);
        Assert.Equal(4, profile.PiiMatches);
        Assert.Null(profile.Min);
        Assert.Null(profile.Max);
        Assert.Equal([new ValueCount("900101-1******", 2)], profile.TopValues);
        Assert.All(profile.TopValues, top => Assert.DoesNotContain(raw, value => top.Value.Contains(value[7..], StringComparison.Ordinal)));
    }

    [Fact]
    public void Ordinary_column_keeps_raw_values_and_no_personal_data_class()
    {
        var profile = Profile("주차장명", ["시청", "시청", "구청"]);

        Assert.Equal(PiiClass.None, profile.Pii);
        Assert.Equal(0, profile.PiiMatches);
        Assert.Equal(new ValueCount("시청", 2), profile.TopValues[0]);
    }

    /// <summary>80 mobile numbers (one repeated 40 times), 10 text-guarded "없음", 5 missing: 95 rows.</summary>
    private static List<string?> ContactColumn()
    {
        var values = new List<string?>();
        values.AddRange(Enumerable.Repeat<string?>("010-1111-2222", 30));
        values.AddRange(Enumerable.Range(0, 40).Select(i => (string?)$"010-{1000 + i}-{5000 + i}"));
        values.AddRange(Enumerable.Repeat<string?>("'없음", 10));
        values.AddRange(Enumerable.Repeat<string?>(null, 5));
        values.AddRange(Enumerable.Repeat<string?>("010-1111-2222", 10));
        return values;
    }

    [Fact]
    public void A_column_with_more_distinct_values_than_are_tracked_is_classified_as_if_every_value_were_tracked()
    {
        // Past the limit values are classified one cell at a time instead of once per distinct value: nothing but the
        // distinct count and the top values may differ.
        var untracked = Profile("연락처", ContactColumn(), new ProfilerOptions(ExactDistinctLimit: 5));
        var tracked = Profile("연락처", ContactColumn());

        Assert.True(untracked.DistinctIsEstimate);
        Assert.False(tracked.DistinctIsEstimate);
        Assert.Equal(42, tracked.Distinct);
        foreach (var profile in new[] { untracked, tracked })
        {
            Assert.Equal((95L, 5L, 0L), (profile.Rows, profile.Nulls, profile.Empty));
            Assert.Equal(PiiClass.MobilePhone, profile.Pii);
            Assert.Equal(80, profile.PiiMatches);
            Assert.Equal(new PiiEvidence("연락처", 90, 80, 0, 10, "80 of 90 values (88.9 %) are MobilePhone (at least 30 % needed)"), profile.PiiEvidence);
            // Patterns of a personal column are collapsed (ProfilePrivacy), so they do not spell out lengths.
            Assert.Equal([new ValueCount("9+-9+-9+", 80), new ValueCount("'K+", 10)], profile.Patterns);
            Assert.Equal((3, 13), (profile.MinLength, profile.MaxLength));
            Assert.Equal(InferredType.Text, profile.InferredType);
        }

        // "'없음" first came after the limit, so only the fully tracked profile can list it among top values.
        Assert.Equal([new ValueCount("010-****-2222", 40), new ValueCount("**", 10)], tracked.TopValues);
        Assert.Equal([new ValueCount("010-****-2222", 40)], untracked.TopValues);
    }

    [Fact]
    public void Numbers_and_dates_past_the_tracked_limit_still_give_the_minimum_and_maximum()
    {
        // 100 down to 1, then repeats: the extremes arrive after the 10 tracked values.
        var numbers = Enumerable.Range(1, 100).Reverse().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Concat(Enumerable.Repeat("50", 20));
        var dates = Enumerable.Range(0, 60).Select(i => new DateOnly(2024, 3, 1).AddDays(30 - i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        var number = Profile("면수", numbers, new ProfilerOptions(ExactDistinctLimit: 10));
        var date = Profile("기준일자", dates, new ProfilerOptions(ExactDistinctLimit: 10));

        Assert.Equal((InferredType.Integer, "1", "100"), (number.InferredType, number.Min, number.Max));
        Assert.Equal([new ValueCount("99", 110), new ValueCount("9", 9), new ValueCount("999", 1)], number.Patterns);
        Assert.Equal((InferredType.Date, "2024-02-01", "2024-03-31"), (date.InferredType, date.Min, date.Max));
    }

    [Fact]
    public void Building_between_values_counts_every_value_once()
    {
        var values = ContactColumn();
        var profiler = Fill(new ColumnProfiler("연락처"), values.Take(50));
        var early = profiler.Build();
        var late = Fill(profiler, values.Skip(50)).Build();
        var whole = Profile("연락처", values);

        Assert.Equal(50, early.PiiEvidence!.Examined);
        Assert.Equal([new ValueCount("9+-9+-9+", 50)], early.Patterns);
        Assert.Equal(whole.Patterns, late.Patterns);
        Assert.Equal(whole.TopValues, late.TopValues);
        Assert.Equal(whole.PiiEvidence, late.PiiEvidence);
        Assert.Equal(whole.PiiMatches, late.PiiMatches);
    }

    [Fact]
    public void Repeated_values_count_in_the_semantic_sample_like_any_other()
    {
        // The sample is the first 10,000 non-blank cells, repeats included: 9,500 latitudes make it a latitude column,
        // whatever follows.
        var values = Enumerable.Repeat("37.5665", 9_500).Concat(Enumerable.Repeat("미상", 20_000));

        var profile = Profile("위도", values);

        Assert.Equal(SemanticType.Latitude, profile.Semantic);
    }

    [Fact]
    public void Options_that_cannot_bound_memory_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ColumnProfiler("c", new ProfilerOptions(ExactDistinctLimit: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ColumnProfiler("c", new ProfilerOptions(MaxPatterns: 0)));
    }

    [Fact]
    public void Values_given_as_UTF8_bytes_give_the_same_profile_as_strings_also_past_the_limit()
    {
        // 300 distinct values of each shape against a limit of 50: most cells arrive after the limit, where the bytes path
        // skips the tracked values' dictionary by a filter and decodes the rest.
        var values = Enumerable.Range(0, 3_000).Select(i => (i % 7) switch
        {
            0 => null,
            1 => " ",
            2 => $"02-{100 + (i % 300)}-1234",
            3 => $"서울 {i % 300}",
            _ => $"{i % 300}.5",
        }).ToList();
        var options = new ProfilerOptions(ExactDistinctLimit: 50);
        var fromStrings = Profile("연락처", values, options);
        var fromBytes = new ColumnProfiler("연락처", options);
        foreach (var value in values)
        {
            if (value is null)
            {
                fromBytes.Add((string?)null);
            }
            else
            {
                fromBytes.Add(Encoding.UTF8.GetBytes(value));
            }
        }

        Assert.Equal(JsonSerializer.Serialize(fromStrings), JsonSerializer.Serialize(fromBytes.Build()));
        Assert.Equal(3_000, fromStrings.Rows);
        Assert.Equal(429, fromStrings.Nulls);
        Assert.Equal(429, fromStrings.Empty);
        Assert.True(fromStrings.DistinctIsEstimate);
    }

    [Fact]
    public void A_value_first_given_as_a_string_and_repeated_as_bytes_after_the_limit_keeps_one_count()
    {
        var profiler = new ColumnProfiler("구분", new ProfilerOptions(ExactDistinctLimit: 3, TopValues: 2));
        // As a file's header-sample rows come: strings first, then bytes.
        profiler.Add("공영");
        profiler.Add("민영"u8);
        profiler.Add("노상"u8);
        profiler.Add("부설"u8);
        profiler.Add("공영"u8);
        profiler.Add("공영"u8);
        profiler.Add("부설"u8);

        var profile = profiler.Build();

        Assert.Equal(7, profile.Rows);
        // 부설 came past the limit: counted in rows, patterns and the estimate, never in top values.
        Assert.Equal([new ValueCount("공영", 3), new ValueCount("노상", 1)], profile.TopValues);
        Assert.Equal(4, profile.Distinct);
        Assert.True(profile.DistinctIsEstimate);
        Assert.Equal(7, profile.Patterns.Sum(p => p.Count));
    }

    [Fact]
    public void Bytes_that_first_come_after_the_limit_was_passed_with_strings_still_find_the_tracked_values()
    {
        var options = new ProfilerOptions(ExactDistinctLimit: 2, TopValues: 3);
        var profiler = new ColumnProfiler("구분", options);
        profiler.Add("공영");
        profiler.Add("민영");
        profiler.Add("부설");
        profiler.Add("공영"u8);
        profiler.Add("부설"u8);
        profiler.Add("노상"u8);
        var fromStrings = Profile("구분", ["공영", "민영", "부설", "공영", "부설", "노상"], options);

        var profile = profiler.Build();

        Assert.Equal([new ValueCount("공영", 2), new ValueCount("민영", 1)], profile.TopValues);
        Assert.Equal(6, profile.Rows);
        Assert.Equal(4, profile.Distinct);
        Assert.Equal(JsonSerializer.Serialize(fromStrings), JsonSerializer.Serialize(profile));
    }
}
