using DataCatalog.Core.Profiling;

namespace DataCatalog.Core.Tests.Profiling;

public class ValueTypeInferenceTests
{
    [Theory]
    [InlineData("Y", InferredType.Boolean)]
    [InlineData("n", InferredType.Boolean)]
    [InlineData("TRUE", InferredType.Boolean)]
    [InlineData("false", InferredType.Boolean)]
    [InlineData("0", InferredType.Integer)]
    [InlineData("1", InferredType.Integer)]
    [InlineData("-42", InferredType.Integer)]
    [InlineData("+7", InferredType.Integer)]
    [InlineData("  123  ", InferredType.Integer)]
    [InlineData("00123", InferredType.Text)]
    [InlineData("-0012", InferredType.Text)]
    [InlineData("3.14", InferredType.Decimal)]
    [InlineData("-0.5", InferredType.Decimal)]
    [InlineData("99999999999999999999", InferredType.Decimal)]
    [InlineData("1.", InferredType.Text)]
    [InlineData(".5", InferredType.Text)]
    [InlineData("1,234", InferredType.Text)]
    [InlineData("1e5", InferredType.Text)]
    [InlineData("20240105", InferredType.Date)]
    [InlineData("2024-01-05", InferredType.Date)]
    [InlineData("2024.01.05", InferredType.Date)]
    [InlineData("2024/01/05", InferredType.Date)]
    [InlineData("2024-01/05", InferredType.Text)]
    [InlineData("2024-1-5", InferredType.Text)]
    [InlineData("2024-01-05 09:30", InferredType.DateTime)]
    [InlineData("2024-01-05T09:30:15", InferredType.DateTime)]
    [InlineData("20240105 23:59:59.123", InferredType.DateTime)]
    [InlineData("2024-01-05 24:00", InferredType.Text)]
    [InlineData("2024-01-05 09:60", InferredType.Text)]
    [InlineData("2024-01-05T09:30+09:00", InferredType.Text)]
    [InlineData("서울", InferredType.Text)]
    [InlineData("   ", InferredType.Empty)]
    [InlineData(null, InferredType.Empty)]
    public void A_single_value_has_its_narrowest_type(string? value, InferredType expected)
    {
        Assert.Equal(expected, ValueTypeInference.Classify(value));
    }

    [Theory]
    [InlineData("20240231")]
    [InlineData("20230229")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("2024-04-31")]
    public void Impossible_calendar_days_are_not_dates(string value)
    {
        Assert.False(ValueTypeInference.Fits(value, InferredType.Date));
        Assert.False(ValueTypeInference.TryParseDateTime(value, out _));
    }

    [Fact]
    public void February_29_of_a_leap_year_is_a_date()
    {
        Assert.Equal(InferredType.Date, ValueTypeInference.Classify("20240229"));
    }

    [Fact]
    public void Eight_digit_number_that_is_not_a_calendar_day_is_an_integer()
    {
        Assert.Equal(InferredType.Integer, ValueTypeInference.Classify("20240231"));
    }

    [Fact]
    public void Column_of_compact_dates_is_a_date_column()
    {
        Assert.Equal(InferredType.Date, ValueTypeInference.Infer(["20240105", "19991231", "20000229"]));
    }

    [Fact]
    public void One_integer_that_is_not_a_date_makes_a_compact_date_column_integer()
    {
        Assert.Equal(InferredType.Integer, ValueTypeInference.Infer(["20240105", "20240231"]));
        Assert.Equal(InferredType.Integer, ValueTypeInference.Infer(["20240105", "17"]));
    }

    [Fact]
    public void Integers_widen_to_decimal()
    {
        Assert.Equal(InferredType.Decimal, ValueTypeInference.Infer(["1", "2.5", "-3"]));
    }

    [Fact]
    public void Dates_widen_to_datetime()
    {
        Assert.Equal(InferredType.DateTime, ValueTypeInference.Infer(["2024-01-05", "2024-01-06 10:00"]));
    }

    [Fact]
    public void Dates_in_different_forms_stay_dates()
    {
        Assert.Equal(InferredType.Date, ValueTypeInference.Infer(["20240105", "2024-01-06", "2024.01.07"]));
    }

    [Fact]
    public void Numbers_mixed_with_dates_are_text()
    {
        Assert.Equal(InferredType.Text, ValueTypeInference.Infer(["2024-01-05", "12"]));
        Assert.Equal(InferredType.Text, ValueTypeInference.Infer(["2024-01-05 10:00", "1.5"]));
    }

    [Fact]
    public void A_code_with_leading_zeros_makes_an_integer_column_text()
    {
        Assert.Equal(InferredType.Text, ValueTypeInference.Infer(["123", "00123"]));
    }

    [Fact]
    public void Boolean_only_when_every_value_is_boolean()
    {
        Assert.Equal(InferredType.Boolean, ValueTypeInference.Infer(["Y", "N", "y", " n "]));
        Assert.Equal(InferredType.Text, ValueTypeInference.Infer(["Y", "N", "1"]));
    }

    [Fact]
    public void Zero_and_one_flags_are_integers()
    {
        Assert.Equal(InferredType.Integer, ValueTypeInference.Infer(["0", "1", "1"]));
    }

    [Fact]
    public void Blank_and_null_values_neither_narrow_nor_widen()
    {
        Assert.Equal(InferredType.Integer, ValueTypeInference.Infer(["1", null, "", "  ", "2"]));
    }

    [Fact]
    public void Column_without_values_is_empty()
    {
        Assert.Equal(InferredType.Empty, ValueTypeInference.Infer([null, " "]));
        Assert.Equal(InferredType.Empty, ValueTypeInference.Infer([]));
    }

    [Fact]
    public void Integers_fit_decimal_and_dates_fit_datetime_and_everything_fits_text()
    {
        Assert.True(ValueTypeInference.Fits("42", InferredType.Decimal));
        Assert.True(ValueTypeInference.Fits("2024-01-05", InferredType.DateTime));
        Assert.True(ValueTypeInference.Fits("아무거나", InferredType.Text));
        Assert.False(ValueTypeInference.Fits("4.2", InferredType.Integer));
        Assert.False(ValueTypeInference.Fits("2024-01-05 10:00", InferredType.Date));
    }

    [Fact]
    public void Numbers_parse_in_the_invariant_culture()
    {
        Assert.True(ValueTypeInference.TryParseNumber("-1234.5", out var number));
        Assert.Equal(-1234.5m, number);
        Assert.False(ValueTypeInference.TryParseNumber("1,5", out _));
    }

    [Fact]
    public void Date_times_parse_with_fractional_seconds()
    {
        Assert.True(ValueTypeInference.TryParseDateTime("2024-01-05T09:30:15.25", out var instant));
        Assert.Equal(new DateTime(2024, 1, 5, 9, 30, 15, 250, DateTimeKind.Unspecified), instant);
    }

    [Fact]
    public void A_date_parses_as_its_midnight()
    {
        Assert.True(ValueTypeInference.TryParseDateTime("2024.02.29", out var instant));
        Assert.Equal(new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Unspecified), instant);
    }
}
