using System.Globalization;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Harvesting.Connectors.Postgres;

/// <summary>The SQL form of <see cref="PatternClass.Of"/>: the one place the harvest draws a value's pattern inside PostgreSQL.</summary>
/// <remarks>ASCII digits become <c>9</c> and ASCII letters <c>A</c> through <c>translate</c> (far cheaper than a regular
/// expression per value), Hangul syllables become <c>K</c>; a value longer than <see cref="PatternClass.MaxLength"/>
/// characters is cut and ends in <see cref="PatternClass.Truncated"/>. PostgreSQL counts code points where C# counts
/// UTF-16 units, so the two differ only on values holding characters outside the Basic Multilingual Plane.</remarks>
public static class PatternSql
{
    private const string Ascii = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Classes = "9999999999AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>An SQL expression giving the pattern of <paramref name="text"/>, itself an SQL expression of type text.</summary>
    public static string Of(string text)
    {
        var max = PatternClass.MaxLength.ToString(CultureInfo.InvariantCulture);
        // Most values (codes, numbers, dates) are ASCII: one byte per character means no Hangul, so no regular expression.
        return $"CASE WHEN octet_length({text}) = length({text}) THEN "
            + $"CASE WHEN length({text}) > {max} THEN {OfAscii($"left({text}, {max})")} || '{PatternClass.Truncated}' ELSE {OfAscii(text)} END "
            + $"WHEN length({text}) > {max} THEN {Classify($"left({text}, {max})")} || '{PatternClass.Truncated}' ELSE {Classify(text)} END";
    }

    /// <summary>The pattern of <paramref name="text"/> when it is known to be short ASCII (a number, a date, a time).</summary>
    public static string OfAscii(string text) => $"translate({text}, '{Ascii}', '{Classes}')";

    private static string Classify(string text) => $"regexp_replace(translate({text}, '{Ascii}', '{Classes}'), '[가-힣]', 'K', 'g')";
}
