using System.Globalization;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Harvesting.Connectors.Postgres;

/// <summary>The SQL twin of <see cref="PatternClass.Of"/>, so pushed-down profiles count the same patterns as file profiles.</summary>
public static class PatternClassSql
{
    /// <summary>An expression drawing the pattern class of the text expression <paramref name="text"/> as <see cref="PatternClass.Of"/>
    /// does: 9 for an ASCII digit, A for an ASCII letter, K for a Hangul syllable, cut at <see cref="PatternClass.MaxLength"/>
    /// characters and then marked with <see cref="PatternClass.Truncated"/>.</summary>
    /// <param name="text">A SQL expression of type text; it is repeated, so it should be a column reference, never a value.</param>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var classes = $"regexp_replace(regexp_replace(regexp_replace({text}, '[0-9]', '9', 'g'), '[A-Za-z]', 'A', 'g'), '[가-힣]', 'K', 'g')";
        var max = PatternClass.MaxLength.ToString(CultureInfo.InvariantCulture);
        return $"CASE WHEN length({text}) > {max} THEN left({classes}, {max}) || '{PatternClass.Truncated}' ELSE {classes} END";
    }
}
