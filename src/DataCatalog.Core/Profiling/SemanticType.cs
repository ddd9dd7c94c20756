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
    /// <summary>법정동코드 or 행정동코드: ten digits, the first two a province code.</summary>
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
}
