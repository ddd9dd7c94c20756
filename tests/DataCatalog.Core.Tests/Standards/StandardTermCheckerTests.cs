using DataCatalog.Core.Standards;

namespace DataCatalog.Core.Tests.Standards;

/// <summary>Names, abbreviations and domains from the real 2024-11 terms.csv (주차장명 PKLT_NM 명V300, 개방여부 OPN_YN 여부C1,
/// 등록일자 REG_YMD 연월일C8, 위도 LAT 위도N12,10, 주민등록번호 RRNO, 이메일주소 EML_ADDR 주소V320).</summary>
public class StandardTermCheckerTests
{
    private static StandardTermCheck Check(string name, string? type = null, string? comment = null, string? inferred = null, string? pattern = null) =>
        ShippedDictionary.Checker.Check(new StandardColumnInput(name, comment, type, InferredType: inferred, DominantPattern: pattern));

    [Theory]
    [InlineData("주차장명", "character varying(300)")]
    [InlineData("주차장명", "varchar(100)")]
    [InlineData("PKLT_NM", "character varying(300)")]
    [InlineData("pklt_nm", "VARCHAR(300)")]
    public void A_standard_term_with_its_domain_type_is_conformant(string name, string type)
    {
        var check = Check(name, type);

        Assert.Equal(StandardConformance.Conformant, check.Conformance);
        Assert.Equal("주차장명", check.MatchedTerm);
        Assert.Equal("PKLT_NM", check.MatchedAbbreviation);
        Assert.Equal("명V300", check.DomainName);
        Assert.Equal("VARCHAR(300)", check.ExpectedType);
        Assert.Equal(["주차장", "명"], check.Words);
        Assert.Empty(check.Problems);
    }

    [Fact]
    public void An_english_name_matches_the_term_its_korean_comment_names_and_its_wrong_abbreviation_is_reported()
    {
        var check = Check("parking_lot_name", "varchar(300)", comment: "주차장명");

        Assert.Equal(StandardConformance.DomainMismatch, check.Conformance);
        Assert.Equal("주차장명", check.MatchedTerm);
        Assert.Equal(["abbreviation parking_lot_name, expected PKLT_NM for the term 주차장명 named in the comment"], check.Problems);
    }

    [Fact]
    public void A_flag_declared_as_varchar_10_is_a_domain_mismatch_expecting_char_1()
    {
        var check = Check("개방여부", "varchar(10)");

        Assert.Equal(StandardConformance.DomainMismatch, check.Conformance);
        Assert.Equal("개방여부", check.MatchedTerm);
        Assert.Equal("OPN_YN", check.MatchedAbbreviation);
        Assert.Equal("여부C1", check.DomainName);
        Assert.Equal("CHAR(1)", check.ExpectedType);
        Assert.Equal(["type VARCHAR(10), expected CHAR(1) for 여부C1"], check.Problems);
    }

    [Theory]
    [InlineData("개방여부", "bpchar", 1)]
    [InlineData("OPN_YN", "character(1)", null)]
    [InlineData("개방여부", "char", null)]
    public void Postgres_spellings_of_char_1_agree_with_a_flag_domain(string name, string type, int? length)
    {
        var check = ShippedDictionary.Checker.Check(new StandardColumnInput(name, DataType: type, Length: length));

        Assert.Equal(StandardConformance.Conformant, check.Conformance);
    }

    [Theory]
    [InlineData("등록일자", "date", "type DATE, expected CHAR(8) YYYYMMDD for 연월일C8 (the standard stores dates as text)")]
    [InlineData("등록일자", "character varying(8)", "type VARCHAR(8), expected CHAR(8) for 연월일C8")]
    [InlineData("위도", "double precision", "type FLOAT, expected NUMERIC(12,10) for 위도N12,10")]
    [InlineData("위도", "numeric", "type NUMERIC has no precision, expected NUMERIC(12,10) for 위도N12,10")]
    public void A_declared_type_that_disagrees_with_the_domain_names_found_and_expected(string name, string type, string problem)
    {
        var check = Check(name, type);

        Assert.Equal(StandardConformance.DomainMismatch, check.Conformance);
        Assert.Equal([problem], check.Problems);
    }

    [Theory]
    [InlineData("등록일자", "char(8)")]
    [InlineData("REG_YMD", "bpchar(8)")]
    [InlineData("위도", "numeric(12,10)")]
    [InlineData("LAT", "numeric(11,10)")]
    public void Declared_types_within_the_domain_are_conformant(string name, string type)
    {
        Assert.Equal(StandardConformance.Conformant, Check(name, type).Conformance);
    }

    [Fact]
    public void In_a_text_file_a_dashed_date_pattern_disagrees_with_the_yyyymmdd_domain()
    {
        var dashed = Check("등록일자", inferred: "Date", pattern: "9999-99-99");
        var compact = Check("등록일자", inferred: "Date", pattern: "99999999");

        Assert.Equal(StandardConformance.DomainMismatch, dashed.Conformance);
        Assert.Equal(["values look like 9999-99-99 (10 characters), expected 8 characters YYYYMMDD for 연월일C8"], dashed.Problems);
        Assert.Equal(StandardConformance.Conformant, compact.Conformance);
    }

    [Fact]
    public void A_forbidden_word_makes_the_name_non_standard_with_the_standard_word_as_fix()
    {
        var check = Check("주민번호", "char(13)");

        Assert.Equal(StandardConformance.NonStandard, check.Conformance);
        Assert.Null(check.MatchedTerm);
        Assert.Equal(["주민번호"], check.UnknownWords);
        Assert.Contains("'주민번호' is a forbidden word (금칙어); use the standard word 주민등록번호 (RRNO)", check.Problems);
        var first = check.Suggestions[0];
        Assert.Equal(("주민등록번호", "RRNO", 1.0), (first.Term, first.Abbreviation, first.Score));
        Assert.StartsWith("주민번호 → 주민등록번호", first.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forbidden_english_word_in_an_abbreviation_is_mapped_to_its_standard_word()
    {
        var check = Check("EMAIL_ADDR", "varchar(320)");

        Assert.Equal(StandardConformance.NonStandard, check.Conformance);
        Assert.Equal(["EMAIL", "ADDR"], check.Words);
        Assert.Equal(["EMAIL"], check.UnknownWords);
        Assert.Equal("EML_ADDR", check.ComposedAbbreviation);
        Assert.Equal(("이메일주소", "EML_ADDR"), (check.Suggestions[0].Term, check.Suggestions[0].Abbreviation));
    }

    [Fact]
    public void A_near_miss_with_a_synonym_ranks_the_standard_term_first()
    {
        var check = Check("주차장이름", "varchar(100)");

        Assert.Equal(StandardConformance.NonStandard, check.Conformance);
        Assert.Equal(["주차장", "이름"], check.Words);
        Assert.Equal(["이름"], check.UnknownWords);
        Assert.Equal("'이름' is a synonym (이음동의어) of the standard word 명 (NM); write 명", check.Problems[0]);
        Assert.Equal("주차장명", check.Suggestions[0].Term);
        Assert.Equal(1.0, check.Suggestions[0].Score);
        Assert.Equal("이름 → 명; words 주차장(PKLT) + 명(NM)", check.Suggestions[0].Reason);
        Assert.True(check.Suggestions.Count > 1);
        Assert.True(check.Suggestions.Zip(check.Suggestions.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void A_misspelt_name_gets_the_nearest_term_by_spelling_and_shared_words()
    {
        var check = Check("주차장명창");

        Assert.Equal(StandardConformance.NonStandard, check.Conformance);
        Assert.Equal("주차장명", check.Suggestions[0].Term);
    }

    [Fact]
    public void Standard_words_that_form_no_registered_term_are_words_only_with_the_class_words_domain()
    {
        var check = Check("주차장개방여부", "varchar(1)");

        Assert.Equal(StandardConformance.WordsOnly, check.Conformance);
        Assert.Equal(["주차장", "개방", "여부"], check.Words);
        Assert.Empty(check.UnknownWords);
        Assert.Equal("PKLT_OPN_YN", check.ComposedAbbreviation);
        Assert.Equal("CHAR(1)", check.ExpectedType);
        Assert.Contains("type VARCHAR(1), expected CHAR(1) for 여부C1", check.Problems);
        Assert.Contains(check.Suggestions, s => s.Term == "개방여부");
    }

    [Fact]
    public void A_name_that_does_not_end_with_a_class_word_is_non_standard()
    {
        var check = Check("주차장개방");

        Assert.Equal(StandardConformance.NonStandard, check.Conformance);
        Assert.Empty(check.UnknownWords);
        Assert.Contains("the name ends with '개방', which is not a class word (형식단어); a term ends with one such as 명, 코드, 일자, 여부, 금액", check.Problems);
    }

    [Fact]
    public void A_retired_term_is_never_matched()
    {
        // 설문제목명 (SRVY_TTL_NM) was retired in the 4th edition and is kept in terms.csv only for history.
        var check = Check("SRVY_TTL_NM", "varchar(256)");

        Assert.NotEqual(StandardConformance.Conformant, check.Conformance);
        Assert.Null(check.MatchedTerm);
        Assert.Contains(check.Problems, p => p.StartsWith("설문제목명 (SRVY_TTL_NM) is a retired term (폐기: 4차(2021-12)(폐기))", StringComparison.Ordinal));
    }

    [Fact]
    public void A_city_extension_layered_over_the_base_makes_its_term_standard()
    {
        var extension = new StandardDictionary([], [new StandardTerm("주차장개방여부", "주차장을 개방하는지 여부", "PKLT_OPN_YN", "여부C1",
            null, null, null, null, "교통정책과", [], null, false)], []);
        var checker = new StandardTermChecker(ShippedDictionary.Dictionary.Layer(extension));

        var check = checker.Check(new StandardColumnInput("PKLT_OPN_YN", DataType: "char(1)"));

        Assert.Equal(StandardConformance.Conformant, check.Conformance);
        Assert.Equal("주차장개방여부", check.MatchedTerm);
        Assert.Equal(9039 - 12 + 1, checker.Dictionary.Terms.Count(t => !t.Retired));
    }
}
