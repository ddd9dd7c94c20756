using DataCatalog.Core.Privacy;

namespace DataCatalog.Core.Tests.Privacy;

public class PiiDetectorTests
{
    // 900101-123456x: Σ wᵢdᵢ = 9·2+0·3+0·4+1·5+0·6+1·7+1·8+2·9+3·2+4·3+5·4+6·5 = 124; 124 mod 11 = 3; (11−3) mod 10 = 8.
    [Theory]
    [InlineData("900101-1234568")]
    [InlineData("9001011234568")]
    [InlineData(" 900101-1234568 ")]
    public void Resident_number_with_right_check_digit_is_verified(string value)
    {
        Assert.Equal(new PiiMatch(PiiClass.ResidentRegistrationNumber, true), PiiDetector.Match(value));
        Assert.Equal(PiiClass.ResidentRegistrationNumber, PiiDetector.Classify(value));
    }

    [Fact]
    public void Resident_number_born_in_the_2000s_is_verified()
    {
        // 020304-312345x: Σ = 136; 136 mod 11 = 4; (11−4) mod 10 = 7. The 3 dates it to 2002.
        Assert.Equal(PiiClass.ResidentRegistrationNumber, PiiDetector.Classify("020304-3123457"));
    }

    [Fact]
    public void Resident_number_with_wrong_check_digit_is_not_verified()
    {
        // Check digit should be 8 (see above); the corporate check (Σ 1,2 weights = 46 → 4) fails too.
        Assert.Equal(new PiiMatch(PiiClass.ResidentRegistrationNumber, false), PiiDetector.Match("900101-1234567"));
        Assert.Equal(PiiClass.None, PiiDetector.Classify("900101-1234567"));
    }

    [Theory]
    [InlineData("주민등록번호")]
    [InlineData("jumin_no")]
    [InlineData("RRN")]
    [InlineData("외국인등록번호")]
    public void Unverified_resident_number_counts_when_the_column_name_says_registration_number(string columnName)
    {
        Assert.Equal(PiiClass.ResidentRegistrationNumber, PiiDetector.Classify("900101-1234567", columnName));
    }

    [Fact]
    public void Unverified_resident_number_does_not_count_under_an_unrelated_name()
    {
        Assert.Equal(PiiClass.None, PiiDetector.Classify("900101-1234567", "휴대폰번호"));
    }

    [Fact]
    public void Resident_shape_with_an_impossible_birth_date_is_not_a_resident_number()
    {
        // 901301-123456x passes the resident check (Σ = 138, mod 11 = 6 → 5) but month 13 does not exist.
        Assert.Equal(PiiMatch.None, PiiDetector.Match("901301-1234565"));
    }

    [Fact]
    public void Seventh_digit_outside_one_to_eight_is_no_registration_number()
    {
        // Corporate check for 900101-923456x: Σ = 54 → 6, so 7 is no corporate number either.
        Assert.Equal(PiiMatch.None, PiiDetector.Match("900101-9234567"));
    }

    [Fact]
    public void Foreign_number_with_right_check_digit_is_verified()
    {
        // 900101-523456x: Σ = 156; 156 mod 11 = 2; (11−2) mod 10 = 9.
        Assert.Equal(new PiiMatch(PiiClass.ForeignRegistrationNumber, true), PiiDetector.Match("900101-5234569"));
    }

    [Fact]
    public void Foreign_number_with_wrong_check_digit_is_not_verified()
    {
        // Resident check gives 9, corporate check (Σ = 50) gives 0: 1 passes neither.
        Assert.Equal(new PiiMatch(PiiClass.ForeignRegistrationNumber, false), PiiDetector.Match("900101-5234561"));
    }

    [Theory]
    // 110111-123456x: 1,2-weighted Σ = 41 → 9. Its resident check would need 4, so it is not a resident number.
    [InlineData("110111-1234569")]
    // 134511-001234x: Σ = 40 → 0; the 7th digit 0 rules out a registration number.
    [InlineData("1345110012340")]
    public void Corporate_number_with_right_check_digit_is_verified(string value)
    {
        Assert.Equal(PiiClass.CorporateRegistrationNumber, PiiDetector.Classify(value));
    }

    [Fact]
    public void Corporate_shape_with_wrong_check_digit_is_nothing()
    {
        Assert.Equal(PiiMatch.None, PiiDetector.Match("134511-0012345"));
    }

    [Theory]
    // 123-45-6789x: 1·1+2·3+3·7+4·1+5·3+6·7+7·1+8·3+9·5 = 165, + ⌊9·5/10⌋ = 4 → 169; (10−9) mod 10 = 1.
    [InlineData("123-45-67891")]
    [InlineData("1234567891")]
    // 220-81-2345x: 73 + ⌊5·5/10⌋ = 2 → 75; (10−5) mod 10 = 5.
    [InlineData("220-81-23455")]
    public void Business_number_with_right_check_digit_is_verified(string value)
    {
        Assert.Equal(PiiClass.BusinessRegistrationNumber, PiiDetector.Classify(value));
    }

    [Theory]
    [InlineData("123-45-67890")]
    [InlineData("220-81-23454")]
    public void Business_number_with_wrong_check_digit_is_nothing(string value)
    {
        Assert.Equal(PiiMatch.None, PiiDetector.Match(value));
    }

    [Theory]
    [InlineData("010-1234-5678", PiiClass.MobilePhone)]
    [InlineData("01012345678", PiiClass.MobilePhone)]
    [InlineData("011-123-4567", PiiClass.MobilePhone)]
    [InlineData("02-123-4567", PiiClass.LandlinePhone)]
    [InlineData("031-1234-5678", PiiClass.LandlinePhone)]
    [InlineData("0212345678", PiiClass.LandlinePhone)]
    [InlineData("hong.gildong@seoul.go.kr", PiiClass.Email)]
    [InlineData("a@b.kr", PiiClass.Email)]
    [InlineData("M123A4567", PiiClass.PassportNumber)]
    [InlineData("M12345678", PiiClass.PassportNumber)]
    [InlineData("11-12-123456-12", PiiClass.DriverLicenceNumber)]
    [InlineData("0101234567", PiiClass.MobilePhone)]
    [InlineData("064-710-2583", PiiClass.LandlinePhone)]
    [InlineData("06471025834", PiiClass.LandlinePhone)]
    public void Shapes_without_check_digits_are_classified_by_shape(string value, PiiClass expected)
    {
        Assert.Equal(new PiiMatch(expected, true), PiiDetector.Match(value));
    }

    [Theory]
    [InlineData("012-1234-5678")]
    [InlineData("010-1234-56789")]
    [InlineData("02-1234-56789")]
    [InlineData("1234-5678901")]
    [InlineData("M1234567")]
    [InlineData("00-123-4567")]
    [InlineData("010-12-5678")]
    [InlineData("A12345678")]
    [InlineData("m12345678")]
    [InlineData("11-12-12345-12")]
    [InlineData("user@localhost")]
    [InlineData("서울특별시 중구 세종대로 110")]
    [InlineData("20240105")]
    [InlineData("١٢٣-٤٥-٦٧٨٩١")]
    public void Look_alikes_are_not_personal_data(string value)
    {
        Assert.Equal(PiiMatch.None, PiiDetector.Match(value));
    }

    [Theory]
    [InlineData("주민번호", PiiClass.ResidentRegistrationNumber)]
    [InlineData("외국인등록번호", PiiClass.ForeignRegistrationNumber)]
    [InlineData("사업자등록번호", PiiClass.BusinessRegistrationNumber)]
    [InlineData("법인등록번호", PiiClass.CorporateRegistrationNumber)]
    [InlineData("여권번호", PiiClass.PassportNumber)]
    [InlineData("운전면허번호", PiiClass.DriverLicenceNumber)]
    [InlineData("휴대전화번호", PiiClass.MobilePhone)]
    [InlineData("연락처", PiiClass.MobilePhone)]
    [InlineData("관리기관전화번호", PiiClass.InstitutionalContact)]
    [InlineData("담당자전화번호", PiiClass.LandlinePhone)]
    [InlineData("담당자", PiiClass.PersonName)]
    [InlineData("chrg_nm", PiiClass.PersonName)]
    [InlineData("신청인성명", PiiClass.PersonName)]
    [InlineData("이메일", PiiClass.Email)]
    [InlineData("user_email", PiiClass.Email)]
    [InlineData("userEmail", PiiClass.Email)]
    [InlineData("mobileNo", PiiClass.MobilePhone)]
    [InlineData("cellphone", PiiClass.MobilePhone)]
    [InlineData("PHONE_NUMBER", PiiClass.InstitutionalContact)]
    [InlineData("mngr_telno", PiiClass.LandlinePhone)]
    [InlineData("tel_no", PiiClass.InstitutionalContact)]
    [InlineData("passport_no", PiiClass.PassportNumber)]
    [InlineData("ssn", PiiClass.ResidentRegistrationNumber)]
    public void Column_names_suggest_a_class(string columnName, PiiClass expected)
    {
        Assert.Equal(expected, PiiDetector.ClassifyName(columnName));
    }

    [Theory]
    [InlineData("hotel_name")]
    [InlineData("주차장명")]
    [InlineData("fclty_nm")]
    [InlineData("담당부서")]
    [InlineData("brand")]
    [InlineData("")]
    [InlineData(null)]
    public void Ordinary_column_names_suggest_nothing(string? columnName)
    {
        Assert.Equal(PiiClass.None, PiiDetector.ClassifyName(columnName));
        Assert.False(PiiDetector.HasNameHint(columnName));
    }
}
