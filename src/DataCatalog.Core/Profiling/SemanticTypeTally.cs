using System.Globalization;
using System.Text.RegularExpressions;

namespace DataCatalog.Core.Profiling;

/// <summary>Counts which semantic type each value fits and names the column's, with the column name as a tie-breaker.</summary>
/// <remarks>A column gets a type when at least 90% of its non-blank values fit it (80% when its name agrees, e.g.
/// <c>위도</c>/<c>lat</c> for latitude), so a few bad cells do not hide what the column is meant to hold — they are what
/// the validity rules then count. Only the first <see cref="SampleSize"/> non-blank values are looked at: what a column means
/// shows early, and the checks (a regular expression among them) would otherwise cost more than the rest of the profile.</remarks>
public sealed partial class SemanticTypeTally(string? columnName)
{
    private readonly long[] _fits = new long[Enum.GetValues<SemanticType>().Length];
    private readonly SemanticType _hinted = Hint(columnName);
    private long _values;

    /// <summary>Non-blank values examined at most.</summary>
    public const int SampleSize = 10_000;

    /// <summary>True while values are still being examined (fewer than <see cref="SampleSize"/> so far).</summary>
    public bool IsSampling => _values < SampleSize;

    public void Add(string? value)
    {
        if (_values >= SampleSize || string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        _values++;
        foreach (var type in Fits(value.Trim()))
        {
            _fits[(int)type]++;
        }
    }

    /// <summary>The column's semantic type; <see cref="SemanticType.None"/> when no type fits enough values.</summary>
    public SemanticType Result
    {
        get
        {
            if (_values == 0)
            {
                return SemanticType.None;
            }

            // Order matters where one value fits two types: a latitude is also a number, a YYYYMM also a postal-like code.
            SemanticType[] order = [SemanticType.Flag, SemanticType.Url, SemanticType.Address, SemanticType.AdministrativeCode,
                SemanticType.AdministrativeDongCode, SemanticType.InstitutionCode,
                SemanticType.YearMonth, SemanticType.Date, SemanticType.PostalCode, SemanticType.Latitude, SemanticType.Longitude];
            // A ten-digit area code is one of two kinds, and only the column name tells which.
            var areaKind = _hinted is SemanticType.LegalDongCode or SemanticType.AdministrativeDongCode;
            foreach (var type in order)
            {
                var share = (double)_fits[(int)type] / _values;
                var needed = type == _hinted || (type == SemanticType.AdministrativeCode && areaKind) ? 0.8 : 0.9;
                // Numbers in a coordinate range, five-, seven- and eight-digit codes and year-months are common by accident: they need the name too.
                var needsHint = type is SemanticType.Latitude or SemanticType.Longitude or SemanticType.PostalCode or SemanticType.YearMonth
                    or SemanticType.AdministrativeDongCode or SemanticType.InstitutionCode;
                if (share >= needed && (!needsHint || type == _hinted))
                {
                    return type == SemanticType.AdministrativeCode && areaKind ? _hinted : type;
                }
            }

            return SemanticType.None;
        }
    }

    private static IEnumerable<SemanticType> Fits(string value)
    {
        if (value is "Y" or "N" or "y" or "n")
        {
            yield return SemanticType.Flag;
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            yield return SemanticType.Url;
        }

        if (AddressPattern().IsMatch(value))
        {
            yield return SemanticType.Address;
        }

        var digits = value.All(char.IsAsciiDigit);
        if (digits && value.Length is 8 or 10 && int.Parse(value.AsSpan(0, 2), CultureInfo.InvariantCulture) is >= 11 and <= 52)
        {
            yield return value.Length == 10 ? SemanticType.AdministrativeCode : SemanticType.AdministrativeDongCode;
        }

        if (digits && value.Length == 7)
        {
            yield return SemanticType.InstitutionCode;
        }

        if (value.Length == 6 && value.All(char.IsAsciiDigit) && int.Parse(value.AsSpan(4, 2), CultureInfo.InvariantCulture) is >= 1 and <= 12
            && int.Parse(value.AsSpan(0, 4), CultureInfo.InvariantCulture) is >= 1900 and <= 2100)
        {
            yield return SemanticType.YearMonth;
        }

        if (ValueTypeInference.Classify(value) is InferredType.Date or InferredType.DateTime)
        {
            yield return SemanticType.Date;
        }

        if (value.Length == 5 && value.All(char.IsAsciiDigit))
        {
            yield return SemanticType.PostalCode;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (number is >= 33 and <= 39)
            {
                yield return SemanticType.Latitude;
            }

            if (number is >= 124 and <= 132)
            {
                yield return SemanticType.Longitude;
            }
        }
    }

    private static SemanticType Hint(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return SemanticType.None;
        }

        var n = name.ToLowerInvariant();
        return n switch
        {
            _ when n.Contains("위도", StringComparison.Ordinal) || n is "lat" or "la" or "latitude" || n.EndsWith("_lat", StringComparison.Ordinal) => SemanticType.Latitude,
            _ when n.Contains("경도", StringComparison.Ordinal) || n is "lon" or "lng" or "lo" or "lot" or "longitude" || n.EndsWith("_lon", StringComparison.Ordinal) || n.EndsWith("_lng", StringComparison.Ordinal) => SemanticType.Longitude,
            _ when n.Contains("우편번호", StringComparison.Ordinal) || n.Contains("zip", StringComparison.Ordinal) || n.Contains("zipcd", StringComparison.Ordinal) || n.Contains("postal", StringComparison.Ordinal) => SemanticType.PostalCode,
            _ when n.Contains("법정동", StringComparison.Ordinal) || n.Contains("stdg", StringComparison.Ordinal) || n.Contains("bjd", StringComparison.Ordinal) || n.Contains("legaldong", StringComparison.Ordinal) || n.Contains("ldong", StringComparison.Ordinal) => SemanticType.LegalDongCode,
            _ when n.Contains("행정동", StringComparison.Ordinal) || n.Contains("hdong", StringComparison.Ordinal) || n.Contains("adm_dong", StringComparison.Ordinal) || n.StartsWith("dong_cd", StringComparison.Ordinal) || n.Contains("_dong_cd", StringComparison.Ordinal) => SemanticType.AdministrativeDongCode,
            _ when n.Contains("기관코드", StringComparison.Ordinal) || n.Contains("inst_cd", StringComparison.Ordinal) || n.Contains("instt_code", StringComparison.Ordinal) || n.Contains("insttcode", StringComparison.Ordinal) || n.Contains("instt_cd", StringComparison.Ordinal) || n.Contains("org_cd", StringComparison.Ordinal) => SemanticType.InstitutionCode,
            _ when n.Contains("연월", StringComparison.Ordinal) || n.EndsWith("_ym", StringComparison.Ordinal) || n.EndsWith("yymm", StringComparison.Ordinal) => SemanticType.YearMonth,
            _ => SemanticType.None,
        };
    }

    [GeneratedRegex(@"^(서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충청|충북|충남|전라|전북|전남|경상|경북|경남|제주)\S*\s+\S+(시|군|구)\s+\S+")]
    private static partial Regex AddressPattern();
}
