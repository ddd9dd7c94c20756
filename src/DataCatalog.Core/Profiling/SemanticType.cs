namespace DataCatalog.Core.Profiling;

/// <summary>What a column's values mean, beyond their storage type: the kinds Korean public data is checked for.</summary>
public enum SemanticType
{
    None,
    /// <summary>Y/N (여부) flags.</summary>
    Flag,
    /// <summary>WGS84 latitude (위도), 33–39° N for Korea.</summary>
    Latitude,
    /// <summary>WGS84 longitude (경도), 124–132° E for Korea.</summary>
    Longitude,
    /// <summary>A Korean road-name or lot-number address (…시/도 …구/군 …로/길/동).</summary>
    Address,
    /// <summary>A ten-digit administrative area code (the first two digits a province) whose name does not say which kind; see
    /// <see cref="LegalDongCode"/> and <see cref="AdministrativeDongCode"/>.</summary>
    AdministrativeCode,
    /// <summary>A five-digit postal code (우편번호, since 2015).</summary>
    PostalCode,
    /// <summary>A year and month (<c>YYYYMM</c>).</summary>
    YearMonth,
    /// <summary>A calendar date in any of the common forms.</summary>
    Date,
    /// <summary>An http(s) address.</summary>
    Url,
    /// <summary>Personal data (see <see cref="ColumnProfile.Pii"/>).</summary>
    PersonalData,
    /// <summary>법정동코드: the ten-digit legal-dong code (administrative standard code, 국토교통부).</summary>
    LegalDongCode,
    /// <summary>행정동코드: the administrative-dong code, ten digits (eight in the common standard's term 행정동코드 C8).</summary>
    AdministrativeDongCode,
    /// <summary>제공기관코드/관리기관코드: the seven-digit administrative-standard institution code (행정표준기관코드, 1741000).</summary>
    InstitutionCode,
}
