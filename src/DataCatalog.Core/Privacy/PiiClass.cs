namespace DataCatalog.Core.Privacy;

/// <summary>Personal-data classes the catalog recognises (Korean Personal Information Protection Act practice).</summary>
public enum PiiClass
{
    None,
    ResidentRegistrationNumber,
    ForeignRegistrationNumber,
    BusinessRegistrationNumber,
    CorporateRegistrationNumber,
    PassportNumber,
    DriverLicenceNumber,
    MobilePhone,
    LandlinePhone,
    Email,
    /// <summary>A Korean personal name (김민준) in a column about a person.</summary>
    PersonName,
    /// <summary>A public body's published phone number (관리기관전화번호, a facility's 전화번호): open by law, shown unmasked.</summary>
    InstitutionalContact,
}

/// <summary>What a <see cref="PiiClass"/> means for what may be shown.</summary>
public static class PiiClassExtensions
{
    /// <summary>True for classes whose values are masked and whose statistics are withheld.</summary>
    public static bool IsPersonal(this PiiClass pii) => pii is not (PiiClass.None or PiiClass.InstitutionalContact);
}
