using DataCatalog.Core.Profiling;

namespace DataCatalog.Core.Tests.Profiling;

public class PatternClassTests
{
    [Theory]
    [InlineData("2024-01-05", "9999-99-99")]
    [InlineData("ABC-1234", "AAA-9999")]
    [InlineData("abc-1234", "AAA-9999")]
    [InlineData("서울 중구 1가", "KK KK 9K")]
    [InlineData("010.1234.5678", "999.9999.9999")]
    [InlineData("Ω x", "Ω A")]
    [InlineData("", "")]
    public void Digits_letters_and_hangul_become_class_symbols_and_the_rest_stays(string value, string expected)
    {
        Assert.Equal(expected, PatternClass.Of(value));
    }

    [Fact]
    public void Runs_are_not_collapsed_so_lengths_show()
    {
        Assert.NotEqual(PatternClass.Of("12"), PatternClass.Of("123"));
    }

    [Fact]
    public void Long_values_are_cut_at_the_cap_and_marked()
    {
        var pattern = PatternClass.Of(new string('7', 100));

        Assert.Equal(new string('9', PatternClass.MaxLength) + PatternClass.Truncated, pattern);
    }

    [Fact]
    public void A_value_exactly_at_the_cap_is_not_marked()
    {
        Assert.Equal(new string('A', 64), PatternClass.Of(new string('x', 64)));
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var value = new string('x', 63) + "😀" + "tail";

        Assert.Equal(new string('A', 63) + PatternClass.Truncated, PatternClass.Of(value));
    }

    [Fact]
    public void The_server_form_counts_code_points_so_an_emoji_is_one_character_of_the_cap()
    {
        var value = new string('x', 63) + "😀" + "tail";

        Assert.Equal(new string('A', 63) + "😀" + PatternClass.Truncated, PatternClass.OfCodePoints(value));
        Assert.Equal("9999-99-99 K", PatternClass.OfCodePoints("2024-01-05 가"));
    }
}
