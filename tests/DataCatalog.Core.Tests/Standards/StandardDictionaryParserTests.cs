using DataCatalog.Core.Standards;

namespace DataCatalog.Core.Tests.Standards;

public class StandardDictionaryParserTests
{
    [Theory]
    [InlineData("words.csv", StandardDictionaryKind.Words, 2398, 2)]
    [InlineData("terms.csv", StandardDictionaryKind.Terms, 9039, 12)]
    [InlineData("domains.csv", StandardDictionaryKind.Domains, 115, 3)]
    public void The_shipped_2024_11_files_parse_to_their_published_row_counts(string file, StandardDictionaryKind kind, int rows, int retired)
    {
        var parse = ShippedDictionary.Parse(file);

        Assert.Equal(kind, parse.Kind);
        Assert.Equal(StandardFileLayout.Seventh, parse.Layout);
        Assert.Equal(rows, parse.Rows);
        Assert.Equal(retired, parse.Retired);
    }

    [Fact]
    public void A_cell_with_a_line_break_stays_one_value_and_later_rows_keep_their_file_line_numbers()
    {
        var terms = ShippedDictionary.Parse("terms.csv").Terms;

        var api = terms.Single(t => t.Name == "API사용여부");
        Assert.Equal("Y : 여(예),\nN : 부(아니요)", api.AllowedValues);
        Assert.Equal(4, api.Line);
        Assert.Equal(10945, terms.Single(t => t.Name == "주차장명").Line);
    }

    [Fact]
    public void Thousands_separators_and_dashes_are_read_as_numbers_and_empty()
    {
        var domains = ShippedDictionary.Parse("domains.csv").Domains;

        var amount = domains.Single(d => d.Name == "금액N22,2");
        Assert.Equal((22, 2), (amount.Length, amount.Scale));
        Assert.Equal("NUMERIC(22,2)", amount.SqlType);
        var flag = domains.Single(d => d.Name == "여부C1");
        Assert.Equal("CHAR(1)", flag.SqlType);
        Assert.Null(flag.Scale);
        Assert.Equal("TIMESTAMP", domains.Single(d => d.Name == "연월일시분초D").SqlType);
    }

    [Fact]
    public void Retired_rows_are_kept_and_a_re_enacted_row_is_not_retired()
    {
        var domains = ShippedDictionary.Parse("domains.csv").Domains;

        var c9 = domains.Where(d => d.Name == "번호C9").ToList();
        Assert.Equal(2, c9.Count);
        Assert.Equal([false, true], c9.Select(d => d.Retired));
        Assert.Equal(["CHAR", "VARCHAR"], c9.Select(d => d.DataType));
    }

    [Fact]
    public void An_eighth_edition_file_is_read_by_header_names_with_retired_rows_from_its_revision_column()
    {
        const string header = "공통표준용어명,공통표준용어설명,공통표준용어영문약어명,공통표준도메인명,허용값,저장 형식,표현 형식,행정표준코드명,소관기관명,용어 이음동의어 목록,제정차수,개정구분명(폐기 또는 변경),개정항목,개정사유";
        var text = header + "\n"
            + "주차장명,차를 세워 두도록 마련한 곳의 이름,PKLT_NM,명V300,-,300자리 이내 문자,-,-,-,-,6차(2023-11),-,-,-\n"
            + "개방여부,어떠한 공간이나 자료 따위를 열어 자유롭게 이용하도록 하는 지 여부,OPN_YN,여부C1,\"Y : 여(예),\nN : 부(아니요)\",1자리 문자,Y or N,-,-,-,6차(2023-11),-,-,-\n"
            + "상호,상인이 영업 활동을 할 때에 자기를 표시하기 위하여 쓰는 이름,CONM,명V100,-,100자리 이내 문자,-,-,-,-,2차(2020-12),폐기,용어명,중복\n";

        var parse = StandardDictionaryParser.Parse(text);

        Assert.True(parse.Succeeded, string.Join("\n", parse.Errors));
        Assert.Equal(StandardDictionaryKind.Terms, parse.Kind);
        Assert.Equal(StandardFileLayout.Eighth, parse.Layout);
        Assert.Equal(["주차장명", "개방여부", "상호"], parse.Terms.Select(t => t.Name));
        Assert.Equal(["PKLT_NM", "OPN_YN", "CONM"], parse.Terms.Select(t => t.Abbreviation));
        Assert.Equal([false, false, true], parse.Terms.Select(t => t.Retired));
        Assert.Equal([2, 3, 5], parse.Terms.Select(t => t.Line));
        Assert.Equal("6차(2023-11)", parse.Terms[0].Enacted);
    }

    [Fact]
    public void Every_bad_row_is_listed_with_its_line_and_column_and_no_rows_are_returned_as_good()
    {
        var lines = ShippedDictionary.Text("words.csv").Split('\n');
        var text = string.Join('\n',
            lines[0],
            lines[1],                                                         // line 2: good
            "9999,7차(2024-11),,XYZ,Xyz,설명,N,-,-,-",                          // line 3: no Korean word
            "9998,7차(2024-11),테스트단어,TEST WORD,Test,설명,N,-,-,-",           // line 4: abbreviation with a space
            "9997,7차(2024-11),시험,TST,Test,설명,X,-,-,-",                       // line 5: class word neither Y nor N
            "9996,7차(2024-11),모자람,SHRT",                                    // line 6: too few cells
            lines[1].Replace("1,5차", "9995,5차", StringComparison.Ordinal));  // line 7: the word of line 2 again

        var parse = StandardDictionaryParser.Parse(text);

        Assert.False(parse.Succeeded);
        Assert.Equal(
        [
            "line 3, column '공통표준단어명': the Korean word is empty; fill it in (a dictionary row needs it)",
            "line 4, column '공통표준단어영문약어명': 'TEST WORD' is not an abbreviation; use Latin letters and digits only (such as PKLT)",
            "line 5, column '형식단어 여부': 'X' is neither Y nor N; write Y for a class word (형식단어), else N",
            "line 6: the row has 4 cells, the header 10; quote a cell that holds a comma or a line break",
            "line 7, column '공통표준단어명': '1회섭취참고량' is already defined on line 2; keep one row, or mark the old one retired (폐기)",
        ], parse.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_file_that_is_no_dictionary_is_refused_at_its_header()
    {
        var parse = StandardDictionaryParser.Parse("id,name\n1,a\n");

        Assert.Null(parse.Kind);
        var error = Assert.Single(parse.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("공통표준단어명 (words), 공통표준용어명 (terms) or 공통표준도메인명", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_latest_enactment_month_names_the_edition()
    {
        var words = ShippedDictionary.Parse("words.csv").Words;

        Assert.Equal("2024-11", StandardDictionaryParser.LatestEnactment(words.Select(w => w.Enacted)));
    }

    [Fact]
    public void A_byte_order_mark_before_the_header_is_ignored()
    {
        var parse = StandardDictionaryParser.Parse("\uFEFF" + ShippedDictionary.Text("domains.csv"));

        Assert.Equal(StandardDictionaryKind.Domains, parse.Kind);
        Assert.Equal(115, parse.Rows);
    }
}
