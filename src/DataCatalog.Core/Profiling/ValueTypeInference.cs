using System.Globalization;

namespace DataCatalog.Core.Profiling;

/// <summary>Infers the type of single values and of whole columns from their text (pure; invariant culture).</summary>
/// <remarks>
/// <para>Accepted forms, after trimming surrounding spaces (CHAR(n) columns arrive padded):</para>
/// <list type="bullet">
/// <item>Boolean: <c>Y</c>, <c>N</c>, <c>y</c>, <c>n</c>, and <c>true</c>/<c>false</c> in any case. <c>0</c>/<c>1</c> are integers.</item>
/// <item>Integer: optional sign, then <c>0</c> or digits without a leading zero, within <see cref="long"/>.
/// Leading zeros (<c>00123</c>) mark a code, so such values are text; larger integers are decimals.</item>
/// <item>Decimal: an integer part as above, <c>.</c>, one or more digits. No exponent, no thousands separators:
/// <c>1,234</c> is text, because a comma is just as often a list separator and no database numeric accepts it.</item>
/// <item>Date: <c>YYYYMMDD</c>, <c>YYYY-MM-DD</c>, <c>YYYY.MM.DD</c>, <c>YYYY/MM/DD</c> naming a real calendar day,
/// year 1000–9999, two-digit month and day.</item>
/// <item>DateTime: any date form, then a space or <c>T</c>, then <c>HH:mm</c>, <c>HH:mm:ss</c> or
/// <c>HH:mm:ss.fff…</c>; no time zone.</item>
/// </list>
/// <para>A column takes the narrowest type all its non-blank values fit, widening Integer → Decimal → Text and
/// Date → DateTime → Text; Boolean only when every value is boolean. <c>20240105</c> is both an integer and a date:
/// a column is a Date only when every value is a valid date, otherwise the integers win.</para>
/// </remarks>
public static class ValueTypeInference
{
    /// <summary>The type one value on its own is inferred to have; <see cref="InferredType.Empty"/> for null or blank.</summary>
    public static InferredType Classify(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return InferredType.Empty;
        }

        return Narrowest(Read(value).Candidates);
    }

    /// <summary>True when <paramref name="value"/> can be stored as <paramref name="type"/> (Integer values fit Decimal, dates fit DateTime, everything fits Text).</summary>
    public static bool Fits(string? value, InferredType type)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        return type == InferredType.Text || (Read(value).Candidates & ToCandidate(type)) != 0;
    }

    /// <summary>The type of a column holding <paramref name="values"/>.</summary>
    public static InferredType Infer(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var tally = new ValueTypeTally();
        foreach (var value in values)
        {
            tally.Add(value);
        }

        return tally.Result;
    }

    /// <summary>Parses an Integer or Decimal value as defined above.</summary>
    public static bool TryParseNumber(string? value, out decimal number)
    {
        number = 0;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var reading = Read(value);
        number = reading.Number;
        return (reading.Candidates & TypeCandidates.Decimal) != 0;
    }

    /// <summary>Parses a Date or DateTime value as defined above; a date is read as its midnight.</summary>
    public static bool TryParseDateTime(string? value, out DateTime instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var reading = Read(value);
        instant = reading.Instant;
        return (reading.Candidates & TypeCandidates.DateTime) != 0;
    }

    internal static InferredType Narrowest(TypeCandidates candidates)
    {
        // Date precedes Integer: only values that are all YYYYMMDD keep both, and then they are dates.
        if ((candidates & TypeCandidates.Boolean) != 0)
        {
            return InferredType.Boolean;
        }

        if ((candidates & TypeCandidates.Date) != 0)
        {
            return InferredType.Date;
        }

        if ((candidates & TypeCandidates.Integer) != 0)
        {
            return InferredType.Integer;
        }

        if ((candidates & TypeCandidates.Decimal) != 0)
        {
            return InferredType.Decimal;
        }

        return (candidates & TypeCandidates.DateTime) != 0 ? InferredType.DateTime : InferredType.Text;
    }

    /// <summary>Every column type <paramref name="value"/> fits, with its number and instant when it has them.</summary>
    internal static ValueReading Read(ReadOnlySpan<char> value)
    {
        var text = value.Trim();
        if (IsBoolean(text))
        {
            return new ValueReading(TypeCandidates.Boolean, 0, default);
        }

        if (TryReadNumber(text, out var number, out var isInteger))
        {
            var candidates = isInteger ? TypeCandidates.Integer | TypeCandidates.Decimal : TypeCandidates.Decimal;
            if (text.Length == 8 && TryReadDate(text, out var compact))
            {
                return new ValueReading(candidates | TypeCandidates.Date | TypeCandidates.DateTime, number, compact);
            }

            return new ValueReading(candidates, number, default);
        }

        if (TryReadDate(text, out var date))
        {
            return new ValueReading(TypeCandidates.Date | TypeCandidates.DateTime, 0, date);
        }

        if (TryReadDateTime(text, out var instant))
        {
            return new ValueReading(TypeCandidates.DateTime, 0, instant);
        }

        return new ValueReading(TypeCandidates.None, 0, default);
    }

    private static TypeCandidates ToCandidate(InferredType type) => type switch
    {
        InferredType.Boolean => TypeCandidates.Boolean,
        InferredType.Integer => TypeCandidates.Integer,
        InferredType.Decimal => TypeCandidates.Decimal,
        InferredType.Date => TypeCandidates.Date,
        InferredType.DateTime => TypeCandidates.DateTime,
        _ => TypeCandidates.None,
    };

    private static bool IsBoolean(ReadOnlySpan<char> text) =>
        text is "Y" or "N" or "y" or "n"
        || text.Equals("true", StringComparison.OrdinalIgnoreCase)
        || text.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static bool TryReadNumber(ReadOnlySpan<char> text, out decimal number, out bool isInteger)
    {
        number = 0;
        isInteger = false;
        var digits = text is ['+' or '-', ..] ? text[1..] : text;
        var point = digits.IndexOf('.');
        var whole = point < 0 ? digits : digits[..point];
        if (!IsUnsignedInteger(whole))
        {
            return false;
        }

        if (point >= 0 && (point == digits.Length - 1 || !AllDigits(digits[(point + 1)..])))
        {
            return false;
        }

        // Up to 18 digits fit a long exactly: most numbers in files are read here without the general parsers.
        var fraction = point < 0 ? 0 : digits.Length - point - 1;
        if (whole.Length + fraction <= 18)
        {
            ulong mantissa = 0;
            foreach (var c in digits)
            {
                if (c != '.')
                {
                    mantissa = (mantissa * 10) + (ulong)(c - '0');
                }
            }

            var negative = text[0] == '-' && mantissa != 0;
            isInteger = point < 0;
            number = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)fraction);
            return true;
        }

        if (point < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            isInteger = true;
            number = integer;
            return true;
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);
    }

    private static bool IsUnsignedInteger(ReadOnlySpan<char> text) =>
        text.Length > 0 && AllDigits(text) && (text.Length == 1 || text[0] != '0');

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadDate(ReadOnlySpan<char> text, out DateTime date)
    {
        date = default;
        int monthAt;
        if (text.Length == 8)
        {
            monthAt = 4;
        }
        else if (text.Length == 10 && text[4] is '-' or '.' or '/' && text[7] == text[4])
        {
            monthAt = 5;
        }
        else
        {
            return false;
        }

        var year = text[..4];
        var month = text.Slice(monthAt, 2);
        var day = text[^2..];
        if (!AllDigits(year) || !AllDigits(month) || !AllDigits(day) || year[0] == '0')
        {
            return false;
        }

        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }

        date = new DateTime(y, m, d, 0, 0, 0, DateTimeKind.Unspecified);
        return true;
    }

    private static bool TryReadDateTime(ReadOnlySpan<char> text, out DateTime instant)
    {
        instant = default;
        var separator = text.IndexOfAny(' ', 'T');
        if (separator is not (8 or 10) || !TryReadDate(text[..separator], out var date))
        {
            return false;
        }

        var time = text[(separator + 1)..];
        if (time.Length < 5 || time[2] != ':' || !TryTwoDigits(time[..2], 23, out var hour) || !TryTwoDigits(time[3..5], 59, out var minute))
        {
            return false;
        }

        var ticks = (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute);
        if (time.Length > 5)
        {
            if (time.Length < 8 || time[5] != ':' || !TryTwoDigits(time[6..8], 59, out var second))
            {
                return false;
            }

            ticks += second * TimeSpan.TicksPerSecond;
            if (time.Length > 8)
            {
                var fraction = time[9..];
                if (time[8] != '.' || fraction.Length is 0 or > 7 || !AllDigits(fraction))
                {
                    return false;
                }

                ticks += int.Parse(fraction, CultureInfo.InvariantCulture) * (long)Math.Pow(10, 7 - fraction.Length);
            }
        }

        instant = date.AddTicks(ticks);
        return true;
    }

    private static bool TryTwoDigits(ReadOnlySpan<char> text, int max, out int value)
    {
        value = 0;
        if (text.Length != 2 || !AllDigits(text))
        {
            return false;
        }

        value = ((text[0] - '0') * 10) + (text[1] - '0');
        return value <= max;
    }
}

/// <summary>Column types one value fits, as flags so a column can intersect them.</summary>
[Flags]
internal enum TypeCandidates
{
    None = 0,
    Boolean = 1,
    Integer = 2,
    Decimal = 4,
    Date = 8,
    DateTime = 16,
    All = Boolean | Integer | Decimal | Date | DateTime,
}

/// <summary>What one value was read as: the types it fits, and its number or instant when it has one.</summary>
internal readonly record struct ValueReading(TypeCandidates Candidates, decimal Number, DateTime Instant);
