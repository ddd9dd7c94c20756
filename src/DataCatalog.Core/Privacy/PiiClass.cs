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
}
