using DataCatalog.Core.Reports;

namespace DataCatalog.Core.Tests.Reports;

public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+82 10", "'+82 10")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    [InlineData("\ncmd", "'\ncmd")]
    public void A_cell_starting_with_a_formula_trigger_gets_an_apostrophe(string text, string cell) => Assert.Equal(cell, CsvCell.Neutralise(text));

    [Theory]
    [InlineData("공영주차장", "공영주차장")]
    [InlineData("a=b", "a=b")]
    [InlineData("'quoted", "'quoted")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Other_text_is_left_as_it_is(string? text, string cell) => Assert.Equal(cell, CsvCell.Neutralise(text));

    [Theory]
    [InlineData("=1+1")]
    [InlineData("'quoted")]
    [InlineData("-")]
    public void Restore_gives_back_the_original_text(string text) => Assert.Equal(text, CsvCell.Restore(CsvCell.Neutralise(text)));

    [Fact]
    public void The_as_of_day_ends_at_midnight_in_Korea()
    {
        var scope = new ReportScope("transport", new DateOnly(2026, 4, 15));
        Assert.Equal(new DateTimeOffset(2026, 4, 15, 15, 0, 0, TimeSpan.Zero), scope.Cutoff);
        Assert.Equal("2026-04-16T00:00:00+09:00", ReportScope.Iso(scope.Cutoff));
        Assert.Equal("compliance-transport-2026-04-15", scope.FileStem("compliance"));
    }

    [Fact]
    public void Without_a_day_the_scope_is_today_in_Korea()
    {
        // 20:00 UTC on the 26th is already the 27th in Seoul.
        Assert.Equal(new DateOnly(2026, 11, 27), ReportScope.For(null, null, new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero)).AsOf);
    }

    [Fact]
    public void A_malformed_day_names_the_parameter_and_the_form()
    {
        Assert.Null(ReportScope.ParseAsOf("15/04/2026", "--as-of", out var error));
        Assert.Equal("--as-of takes a date as YYYY-MM-DD (Korean time), e.g. 2026-11-26; '15/04/2026' is not one.", error);
    }
}
