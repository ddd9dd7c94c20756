using System.Globalization;
using System.Text.RegularExpressions;

namespace DataCatalog.Core.Standards;

/// <summary>Families a declared column type falls into once its spelling is normalised.</summary>
public enum TypeFamily
{
    Unknown,
    Char,
    VarChar,
    Text,
    Numeric,
    Integer,
    Float,
    Date,
    Timestamp,
    Time,
    Boolean,
}

/// <summary>A column's declared type with PostgreSQL's (and other databases') spellings normalised:
/// <c>character varying(100)</c>, <c>varchar</c>, <c>bpchar</c>, <c>numeric(15,0)</c>, <c>int4</c>, <c>date</c>….</summary>
/// <param name="Digits">For integer types, the decimal digits every value of the type can hold (integer: 9).</param>
public sealed partial record DeclaredType(TypeFamily Family, int? Length, int? Scale, int? Digits = null)
{
    /// <summary>The type as SQL would say it (<c>VARCHAR(10)</c>).</summary>
    public string Sql => Family switch
    {
        TypeFamily.Char => Length is null ? "CHAR" : $"CHAR({Length})",
        TypeFamily.VarChar => Length is null ? "VARCHAR" : $"VARCHAR({Length})",
        TypeFamily.Numeric when Length is not null && Scale is > 0 => $"NUMERIC({Length},{Scale})",
        TypeFamily.Numeric when Length is not null => $"NUMERIC({Length})",
        TypeFamily.Integer => Digits switch { 4 => "SMALLINT", 9 => "INTEGER", _ => "BIGINT" },
        _ => Family.ToString().ToUpperInvariant(),
    };

    /// <summary>Reads a declared type; <paramref name="length"/> and <paramref name="scale"/> stand in when the spelling has none.</summary>
    public static DeclaredType? Parse(string? dataType, int? length = null, int? scale = null)
    {
        if (string.IsNullOrWhiteSpace(dataType))
        {
            return null;
        }

        // timestamp(3) with time zone: the fractional-second precision says nothing the standard compares.
        var match = TypePattern().Match(TimePrecision().Replace(dataType.Trim().ToLowerInvariant(), "$1 "));
        if (!match.Success)
        {
            return new DeclaredType(TypeFamily.Unknown, length, scale);
        }

        var name = string.Join(' ', match.Groups["name"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var first = match.Groups["a"].Success ? int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture) : length;
        var second = match.Groups["b"].Success ? int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture) : scale;
        return name switch
        {
            "character varying" or "varchar" or "varchar2" or "nvarchar" or "nvarchar2" or "string" => new(TypeFamily.VarChar, first, null),
            // Unqualified character is character(1) in SQL; bpchar without a length has no limit of its own.
            "character" or "char" or "nchar" => new(TypeFamily.Char, first ?? 1, null),
            "bpchar" => new(TypeFamily.Char, first, null),
            "text" or "citext" or "clob" => new(TypeFamily.Text, null, null),
            "numeric" or "decimal" or "number" => new(TypeFamily.Numeric, first, second ?? (first is null ? null : 0)),
            "smallint" or "int2" or "smallserial" => new(TypeFamily.Integer, null, 0, 4),
            "integer" or "int" or "int4" or "serial" => new(TypeFamily.Integer, null, 0, 9),
            "bigint" or "int8" or "bigserial" => new(TypeFamily.Integer, null, 0, 18),
            "real" or "float4" or "double precision" or "float8" or "float" => new(TypeFamily.Float, null, null),
            "date" => new(TypeFamily.Date, null, null),
            "timestamp" or "timestamp without time zone" or "timestamp with time zone" or "timestamptz" or "datetime" => new(TypeFamily.Timestamp, null, null),
            "time" or "time without time zone" or "time with time zone" or "timetz" => new(TypeFamily.Time, null, null),
            "boolean" or "bool" => new(TypeFamily.Boolean, null, null),
            _ => new(TypeFamily.Unknown, first, second),
        };
    }

    [GeneratedRegex(@"^(timestamp|time)\s*\(\s*\d+\s*\)\s*(?=with)")]
    private static partial Regex TimePrecision();

    [GeneratedRegex(@"^(?<name>[a-z][a-z0-9 ]*?)\s*(\(\s*(?<a>\d+)\s*(,\s*(?<b>\d+)\s*)?\))?\s*(?<array>\[\])?$")]
    private static partial Regex TypePattern();
}
