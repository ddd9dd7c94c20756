using System.Text;
using DataCatalog.Harvesting.Connectors.FileDrop;

namespace DataCatalog.Harvesting.Tests.FileDrop;

public sealed class DetectorTests
{
    [Fact]
    public void Cp949_bytes_are_detected_as_cp949()
    {
        var bytes = DropFolder.Cp949.GetBytes("주차장명,주소,전화번호\n시청,서울특별시 중구,02-120\n");

        Assert.Equal("CP949", EncodingDetector.Detect(bytes, isWholeFile: true).Name);
    }

    [Fact]
    public void A_utf8_sample_cut_inside_a_character_is_utf8_only_when_more_follows()
    {
        var cut = Encoding.UTF8.GetBytes("주차장")[..7];

        Assert.Equal("UTF-8", EncodingDetector.Detect(cut, isWholeFile: false).Name);
        Assert.NotEqual("UTF-8", EncodingDetector.Detect(cut, isWholeFile: true).Name);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x41 }, "UTF-8 BOM")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x41, 0x00 }, "UTF-16LE")]
    [InlineData(new byte[] { 0xFE, 0xFF, 0x00, 0x41 }, "UTF-16BE")]
    [InlineData(new byte[] { 0x41, 0x2C, 0x42 }, "UTF-8")]
    public void A_byte_order_mark_decides_before_anything_else(byte[] head, string expected) =>
        Assert.Equal(expected, EncodingDetector.Detect(head, isWholeFile: true).Name);

    [Fact]
    public void Delimiters_inside_quotes_do_not_count()
    {
        // Counting the quoted semicolons would give three consistent fields and pick ';'.
        Assert.Equal(',', DelimiterDetector.Detect("\"a;b\",\"c;d\"\n\"e;f\",g\n", isWholeFile: true));
    }

    [Fact]
    public void The_partial_last_record_of_a_cut_sample_is_ignored()
    {
        Assert.Equal('|', DelimiterDetector.Detect("a|b\n1|2\n3|4\nx,y,z,w", isWholeFile: false));
    }

    [Fact]
    public void A_first_row_above_free_text_only_is_not_taken_for_a_header()
    {
        string?[][] rows = [["시청", "서울특별시 중구"], ["을지로", "서울특별시 중구 을지로"], ["남산", "중구 남산공원길"]];

        Assert.False(HeaderDetector.LooksLikeHeader(rows));
    }

    [Fact]
    public void A_first_row_above_fixed_length_codes_is_a_header()
    {
        string?[][] rows = [["개방여부", "주차장명"], ["Y", "시청"], ["N", "을지로 공영"]];

        Assert.True(HeaderDetector.LooksLikeHeader(rows));
    }

    [Fact]
    public void A_first_row_with_repeated_or_empty_names_is_not_a_header()
    {
        Assert.False(HeaderDetector.LooksLikeHeader([["번호", "번호"], ["1", "2"]]));
        Assert.False(HeaderDetector.LooksLikeHeader([["번호", ""], ["1", "2"]]));
    }
}
