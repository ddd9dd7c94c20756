using DataCatalog.Core.Profiling;

namespace DataCatalog.Core.Tests.Profiling;

public sealed class SemanticTypeTests
{
    private static SemanticType Of(string column, params string?[] values)
    {
        var profiler = new ColumnProfiler(column);
        foreach (var value in values)
        {
            profiler.Add(value);
        }

        return profiler.Build().Semantic;
    }

    [Fact]
    public void Coordinates_are_recognised_only_when_the_name_says_which_axis()
    {
        Assert.Equal(SemanticType.Latitude, Of("위도", "37.5665", "37.4979", "35.1796"));
        Assert.Equal(SemanticType.Longitude, Of("lot", "126.9780", "127.0276", "129.0756"));
        Assert.Equal(SemanticType.None, Of("capacity", "37", "38", "35"));
    }

    [Fact]
    public void A_few_bad_cells_do_not_hide_what_the_column_holds()
    {
        // Nine good latitudes and a zero: 90% fit, and the name agrees.
        string[] values = ["37.51", "37.52", "37.53", "37.54", "37.55", "37.56", "37.57", "37.58", "37.59", "0"];

        Assert.Equal(SemanticType.Latitude, Of("lat", values));
    }

    [Fact]
    public void Flags_addresses_codes_and_urls_are_recognised_from_their_values()
    {
        Assert.Equal(SemanticType.Flag, Of("opn_yn", "Y", "N", "Y", null, ""));
        Assert.Equal(SemanticType.Address, Of("addr", "서울특별시 중구 세종대로 110", "부산광역시 해운대구 해운대로 1", "경기도 수원시 팔달구 효원로 1"));
        Assert.Equal(SemanticType.LegalDongCode, Of("bjd_cd", "1111010100", "2611010100", "4111110100"));
        Assert.Equal(SemanticType.AdministrativeCode, Of("area_cd", "1111010100", "2611010100", "4111110100"));
        Assert.Equal(SemanticType.Url, Of("homepage", "https://www.seoul.go.kr", "http://data.go.kr/x"));
    }

    [Fact]
    public void Year_months_need_the_name_because_six_digits_are_common()
    {
        Assert.Equal(SemanticType.YearMonth, Of("instl_ym", "202401", "201912", "200505"));
        Assert.Equal(SemanticType.None, Of("amount", "202401", "201912", "200505"));
    }

    [Fact]
    public void A_personal_data_column_is_personal_data_whatever_else_it_looks_like()
    {
        Assert.Equal(SemanticType.PersonalData, Of("mobile", "010-1234-5678", "010-2345-6789", "010-3456-7890"));
    }

    [Theory]
    [InlineData("제공기관코드", SemanticType.InstitutionCode, "1741000", "6110000", "3000000")]
    [InlineData("관리기관코드", SemanticType.InstitutionCode, "1741000", "6110000", "3000000")]
    [InlineData("MNG_INST_CD", SemanticType.InstitutionCode, "1741000", "6110000", "3000000")]
    [InlineData("법정동코드", SemanticType.LegalDongCode, "1111010100", "2611010100", "4111110100")]
    [InlineData("STDG_CD", SemanticType.LegalDongCode, "1111010100", "2611010100", "4111110100")]
    [InlineData("행정동코드", SemanticType.AdministrativeDongCode, "1111051500", "2611052000", "4111156000")]
    [InlineData("행정동코드", SemanticType.AdministrativeDongCode, "11110515", "26110520", "41111560")]
    [InlineData("code", SemanticType.None, "1741000", "6110000", "3000000")]
    [InlineData("code", SemanticType.None, "11110515", "26110520", "41111560")]
    public void Administrative_standard_codes_say_which_kind_they_are(string column, SemanticType expected, string a, string b, string c)
    {
        Assert.Equal(expected, Of(column, a, b, c));
    }
}
