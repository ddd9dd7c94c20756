using DataCatalog.Core.Privacy;

namespace DataCatalog.Core.Tests.Privacy;

public class MaskingTests
{
    [Theory]
    [InlineData("900101-1234568", PiiClass.ResidentRegistrationNumber, "900101-1******")]
    [InlineData("9001011234568", PiiClass.ResidentRegistrationNumber, "900101-1******")]
    [InlineData("900101-5234569", PiiClass.ForeignRegistrationNumber, "900101-5******")]
    [InlineData("010-1234-5678", PiiClass.MobilePhone, "010-****-5678")]
    [InlineData("01012345678", PiiClass.MobilePhone, "010-****-5678")]
    [InlineData("011-123-4567", PiiClass.MobilePhone, "011-***-4567")]
    [InlineData("02-123-4567", PiiClass.LandlinePhone, "02-***-4567")]
    [InlineData("0212345678", PiiClass.LandlinePhone, "02-****-5678")]
    [InlineData("031-1234-5678", PiiClass.LandlinePhone, "031-****-5678")]
    [InlineData("abcdef@example.com", PiiClass.Email, "ab***@example.com")]
    [InlineData("ab@example.com", PiiClass.Email, "a***@example.com")]
    [InlineData("a@example.com", PiiClass.Email, "***@example.com")]
    [InlineData("123-45-67891", PiiClass.BusinessRegistrationNumber, "123-45-*****")]
    [InlineData("1234567891", PiiClass.BusinessRegistrationNumber, "123-45-*****")]
    [InlineData("M12345678", PiiClass.PassportNumber, "M1*******")]
    [InlineData("11-12-123456-12", PiiClass.DriverLicenceNumber, "11*************")]
    [InlineData("110111-1234569", PiiClass.CorporateRegistrationNumber, "11************")]
    public void Personal_data_is_masked_to_its_documented_shape(string value, PiiClass pii, string expected)
    {
        Assert.Equal(expected, Masking.Mask(value, pii));
    }

    [Theory]
    [InlineData("비공개", PiiClass.ResidentRegistrationNumber, "비공*")]
    [InlineData("없음", PiiClass.MobilePhone, "**")]
    [InlineData("not-an-email", PiiClass.Email, "no**********")]
    public void Values_without_their_class_shape_keep_only_two_characters(string value, PiiClass pii, string expected)
    {
        Assert.Equal(expected, Masking.Mask(value, pii));
    }

    [Fact]
    public void Values_without_a_class_are_unchanged()
    {
        Assert.Equal(" 서울 ", Masking.Mask(" 서울 ", PiiClass.None));
    }

    [Fact]
    public void Masking_never_keeps_half_of_a_surrogate_pair()
    {
        // "a😀bc" is five UTF-16 units; keeping two would keep the emoji's high surrogate alone.
        Assert.Equal("a****", Masking.Mask("a😀bc", PiiClass.PassportNumber));
    }
}
