using System.Globalization;

namespace DataCatalog.Core.Rules;

/// <summary>Calendar checks of dates kept as text (<c>YYYYMMDD</c>, <c>YYYY-MM-DD</c>).</summary>
public static class DateText
{
    /// <summary>True when <paramref name="value"/> has <paramref name="format"/>'s shape and names a day that exists (no 2월 30일).</summary>
    public static bool IsCalendarValid(string value, string format)
    {
        var layout = format.ToUpperInvariant() switch
        {
            "YYYYMMDD" => "yyyyMMdd",
            "YYYY-MM-DD" => "yyyy-MM-dd",
            "YYYY.MM.DD" => "yyyy.MM.dd",
            "YYYYMM" => "yyyyMM",
            _ => throw new ArgumentException($"Unknown date format '{format}'; use YYYYMMDD, YYYY-MM-DD, YYYY.MM.DD or YYYYMM.", nameof(format)),
        };
        return DateTime.TryParseExact(value.Trim(), layout, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    /// <summary>The formats <see cref="IsCalendarValid"/> knows.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["YYYYMMDD", "YYYY-MM-DD", "YYYY.MM.DD", "YYYYMM"];
}
