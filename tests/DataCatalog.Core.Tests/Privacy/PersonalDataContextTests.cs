using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Core.Tests.Privacy;

/// <summary>Whose data a value is depends on the column: a facility's phone is published, a manager's is personal.</summary>
public sealed class PersonalDataContextTests
{
    private static ColumnProfile Profile(string column, params string?[] values)
    {
        var profiler = new ColumnProfiler(column);
        foreach (var value in values)
        {
            profiler.Add(value);
        }

        return profiler.Build();
    }

    [Theory]
    [InlineData("전화번호")]
    [InlineData("관리기관전화번호")]
    [InlineData("관리부서 전화번호")]
    [InlineData("tel_no")]
    public void A_facility_or_agency_phone_is_an_institutional_contact_shown_unmasked(string column)
    {
        var profile = Profile(column, "02-120-1234", "02-120-1234", "031-8008-2000", "064-710-2583");

        Assert.Equal(PiiClass.InstitutionalContact, profile.Pii);
        Assert.Equal(SemanticType.None, profile.Semantic);
        Assert.Equal([new ValueCount("02-120-1234", 2), new ValueCount("031-8008-2000", 1), new ValueCount("064-710-2583", 1)], profile.TopValues);
        Assert.Equal("02-120-1234", profile.Min);
        Assert.Equal("064-710-2583", profile.Max);
        Assert.Equal(4, profile.PiiEvidence!.Matching);
        Assert.Contains("institutional contact", profile.PiiEvidence.Decision, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("담당자전화번호", "담당자")]
    [InlineData("보호자 전화", "보호자")]
    [InlineData("대표자전화번호", "대표자")]
    [InlineData("신청인 전화번호", "신청인")]
    public void A_landline_in_a_column_about_a_person_is_personal_and_masked(string column, string cue)
    {
        var profile = Profile(column, "02-120-1234", "02-777-1234", "031-8008-2000");

        Assert.Equal(PiiClass.LandlinePhone, profile.Pii);
        Assert.Equal(SemanticType.PersonalData, profile.Semantic);
        // 02-120-1234 and 02-777-1234 mask alike; 031-****-2000 is held by one row and is not shown.
        Assert.Equal([new ValueCount("02-***-1234", 2)], profile.TopValues);
        Assert.Null(profile.Min);
        Assert.Contains($"'{cue}'", profile.PiiEvidence!.Decision, StringComparison.Ordinal);
    }

    [Fact]
    public void Mobile_numbers_are_personal_even_in_a_facility_phone_column()
    {
        var profile = Profile("전화번호", "010-1234-5678", "010-2222-5678", "02-120-1234");

        Assert.Equal(PiiClass.MobilePhone, profile.Pii);
        Assert.Equal([new ValueCount("010-****-5678", 2)], profile.TopValues);
    }

    [Theory]
    [InlineData("`0647102583", PiiClass.LandlinePhone)]
    [InlineData("'01012345678", PiiClass.MobilePhone)]
    [InlineData(" `900101-1234568", PiiClass.ResidentRegistrationNumber)]
    public void Excel_text_guarded_numbers_are_recognised(string value, PiiClass expected)
    {
        Assert.Equal(new PiiMatch(expected, true), PiiDetector.Match(value));
    }

    [Fact]
    public void Text_guarded_personal_numbers_are_masked_without_the_guard_and_counted_as_guarded()
    {
        var profile = Profile("휴대폰", "'01012345678", "'01098765678", "`010-5555-1111", "`010-5555-1111");

        Assert.Equal(PiiClass.MobilePhone, profile.Pii);
        Assert.Equal([new ValueCount("010-****-1111", 2), new ValueCount("010-****-5678", 2)], profile.TopValues);
        Assert.Equal(4, profile.PiiEvidence!.TextGuarded);
        Assert.Equal(4, profile.PiiEvidence.Matching);
        Assert.Equal("휴대", profile.PiiEvidence.NameCue);
    }

    [Fact]
    public void A_text_guarded_facility_phone_stays_unmasked()
    {
        var profile = Profile("관리기관전화번호", "`0647102583", "`0647102583");

        Assert.Equal(PiiClass.InstitutionalContact, profile.Pii);
        Assert.Equal([new ValueCount("`0647102583", 2)], profile.TopValues);
    }

    [Theory]
    [InlineData("김민준", PiiClass.PersonName, "김*준")]
    [InlineData("박서연", PiiClass.PersonName, "박*연")]
    [InlineData("이하", PiiClass.PersonName, "이*")]
    [InlineData("남궁민수", PiiClass.PersonName, "남궁*수")]
    [InlineData("황보석", PiiClass.PersonName, "황보*")]
    [InlineData("김민준서", PiiClass.PersonName, "김**서")]
    public void Korean_names_keep_the_surname_and_last_syllable(string value, PiiClass pii, string masked)
    {
        Assert.Equal(masked, Masking.Mask(value, pii));
    }

    [Theory]
    [InlineData("김민준", true)]
    [InlineData("남궁민수", true)]
    [InlineData("홍길동", true)]
    [InlineData("김", false)]
    [InlineData("김민준서윤", false)]
    [InlineData("Kim", false)]
    [InlineData("크롱", false)]
    [InlineData("김1준", false)]
    public void Names_are_two_to_four_hangul_syllables_led_by_a_common_surname(string value, bool expected)
    {
        Assert.Equal(expected, PiiDetector.IsPersonName(value));
    }

    [Fact]
    public void A_manager_name_column_is_classed_person_name_and_its_statistics_do_not_leak()
    {
        var profile = Profile("chrg_nm", "김민준", "박서연", "이하은", "김민준", "최지우", "정민준");

        Assert.Equal(PiiClass.PersonName, profile.Pii);
        Assert.Equal(6, profile.PiiMatches);
        Assert.Equal("chrg", profile.PiiEvidence!.NameCue);
        Assert.Equal(1d, profile.PiiEvidence.Share);
        Assert.Equal(SemanticType.PersonalData, profile.Semantic);
        Assert.Null(profile.Min);
        Assert.Null(profile.Max);
        // 김민준 twice; 정민준 masks to 정*준 once; the other masked names are held by one row each and are left out.
        Assert.Equal([new ValueCount("김*준", 2)], profile.TopValues);
        Assert.Equal([new ValueCount("K+", 6)], profile.Patterns);
    }

    [Fact]
    public void Names_are_not_looked_for_in_a_column_that_is_not_about_people()
    {
        var profile = Profile("시설명", "김민준", "박서연", "이하은");

        Assert.Equal(PiiClass.None, profile.Pii);
        Assert.Equal("김민준", profile.Min);
    }

    [Fact]
    public void An_email_column_shows_no_pattern_that_spells_out_the_lengths_of_its_parts()
    {
        var profile = Profile("담당자이메일", "hong.gildong@seoul.go.kr", "kim@seoul.go.kr", "kim@seoul.go.kr", "ab@busan.go.kr");

        Assert.Equal(PiiClass.Email, profile.Pii);
        Assert.Equal([new ValueCount("A+@A+.A+.A+", 3), new ValueCount("A+.A+@A+.A+.A+", 1)], profile.Patterns);
        Assert.Equal([new ValueCount("ki***@seoul.go.kr", 2)], profile.TopValues);
        Assert.Null(profile.Min);
    }

    [Fact]
    public void Resident_numbers_carry_the_count_of_valid_check_digits_as_evidence()
    {
        // 900101-1234568 and 020304-3123457 have valid check digits; 850505-1234561 does not.
        var profile = Profile("주민등록번호", "900101-1234568", "020304-3123457", "850505-1234561");

        Assert.Equal(3, profile.PiiEvidence!.Matching);
        Assert.Equal(2, profile.PiiEvidence.CheckDigitsVerified);
        Assert.Equal("주민", profile.PiiEvidence.NameCue);
    }

    [Fact]
    public void Detection_and_masking_agree_on_every_phone_shape()
    {
        string[] phones = ["02-123-4567", "0212345678", "031-1234-5678", "0647102583", "070-1234-5678", "010-1234-5678", "01112345678"];

        foreach (var phone in phones)
        {
            var pii = PiiDetector.Match(phone).Class;
            var masked = Masking.Mask(phone, pii);
            Assert.Matches("^0[0-9]{1,2}-\\*{3,4}-[0-9]{4}$", masked);
        }
    }
}
