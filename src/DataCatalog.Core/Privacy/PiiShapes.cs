using System.Text.RegularExpressions;

namespace DataCatalog.Core.Privacy;

/// <summary>The one definition of every personal-data shape, shared by detection (<see cref="PiiDetector"/>) and
/// masking (<see cref="Masking"/>) so that what is detected is exactly what can be masked by its parts.</summary>
/// <remarks>[0-9] rather than \d: .NET's \d also matches Arabic-Indic and other Unicode digits.</remarks>
internal static partial class PiiShapes
{
    /// <summary>Common Korean surnames (about 99% of the population); two-syllable ones first so they win.</summary>
    private static readonly string[] CompoundSurnames = ["남궁", "제갈", "선우", "황보", "독고", "사공", "서문", "동방"];

    private static readonly HashSet<char> Surnames =
    [
        .. "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채원천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌승시개단점당",
    ];

    /// <summary>The value as a shape is matched: trimmed, and without Excel's text guard (a leading backtick or
    /// apostrophe that keeps <c>0647102583</c> from losing its leading zero).</summary>
    public static string Normalize(string value)
    {
        var text = value.Trim();
        return text.Length > 1 && text[0] is '`' or '\'' ? text[1..].TrimStart() : text;
    }

    /// <summary>The same as <see cref="Normalize(string)"/>, without making a string.</summary>
    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> value)
    {
        var text = value.Trim();
        return text.Length > 1 && text[0] is '`' or '\'' ? text[1..].TrimStart() : text;
    }

    /// <summary>False when <paramref name="text"/> (normalised, no '@') cannot match any shape but e-mail: every one is 9–13
    /// digits and dashes starting with a digit, or a passport (<c>M12345678</c>, <c>M123A4567</c>).</summary>
    public static bool MayBeNumberShape(ReadOnlySpan<char> text) => NumberShapeDigits(text) >= 0;

    /// <summary>The number of digits of <paramref name="text"/> (normalised, no '@') when it may match a shape other than
    /// e-mail (see <see cref="MayBeNumberShape"/>); 0 for a passport-like value led by its letter; -1 when it matches none.</summary>
    /// <remarks>Every shape has a fixed number of digits, so the count rules most shapes out without running their pattern.</remarks>
    public static int NumberShapeDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return -1;
        }

        if (text[0] is 'M' or 'S' or 'R' or 'O' or 'D' or 'G')
        {
            return text.Length == 9 ? 0 : -1;
        }

        var digits = 0;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                digits++;
            }
            else if (c != '-')
            {
                return -1;
            }
        }

        // From a Seoul landline (02-123-4567, 9 digits) to a registration number (13).
        return digits is >= 9 and <= 13 && char.IsAsciiDigit(text[0]) ? digits : -1;
    }

    /// <summary>True when the value starts with Excel's text guard.</summary>
    public static bool HasTextGuard(ReadOnlySpan<char> value)
    {
        var text = value.TrimStart();
        return text.Length > 1 && text[0] is '`' or '\'';
    }

    /// <summary>Length of the surname when <paramref name="text"/> is 2–4 Hangul syllables led by a common surname; 0 otherwise.</summary>
    public static int PersonNameSurname(ReadOnlySpan<char> text)
    {
        if (text.Length is < 2 or > 4)
        {
            return 0;
        }

        foreach (var c in text)
        {
            if (c is < '\uAC00' or > '\uD7A3')
            {
                return 0;
            }
        }

        if (text.Length >= 3)
        {
            foreach (var compound in CompoundSurnames)
            {
                if (text.StartsWith(compound, StringComparison.Ordinal))
                {
                    return 2;
                }
            }
        }

        return Surnames.Contains(text[0]) ? 1 : 0;
    }

    /// <summary>13 digits, optionally dashed after six: registration and corporate numbers. Groups: birth date, 7th digit, rest.</summary>
    [GeneratedRegex("^([0-9]{6})-?([0-9])([0-9]{6})$", RegexOptions.CultureInvariant)]
    public static partial Regex ThirteenDigits();

    /// <summary>Groups: tax office, type, serial.</summary>
    [GeneratedRegex("^([0-9]{3})-?([0-9]{2})-?([0-9]{5})$", RegexOptions.CultureInvariant)]
    public static partial Regex Business();

    [GeneratedRegex("^[MSRODG](?:[0-9]{3}[A-Z][0-9]{4}|[0-9]{8})$", RegexOptions.CultureInvariant)]
    public static partial Regex Passport();

    [GeneratedRegex("^[0-9]{2}-[0-9]{2}-[0-9]{6}-[0-9]{2}$", RegexOptions.CultureInvariant)]
    public static partial Regex DriverLicence();

    /// <summary>Groups: carrier prefix, middle, last four.</summary>
    [GeneratedRegex("^(01[016789])-?([0-9]{3,4})-?([0-9]{4})$", RegexOptions.CultureInvariant)]
    public static partial Regex Mobile();

    /// <summary>Seoul (02) is the only two-digit area code; every other prefix has three digits and may not start 00
    /// (international) or 01 (mobile). Groups: area code, middle, last four.</summary>
    [GeneratedRegex("^(02|0[3-9][0-9])-?([0-9]{3,4})-?([0-9]{4})$", RegexOptions.CultureInvariant)]
    public static partial Regex Landline();

    [GeneratedRegex(@"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$", RegexOptions.CultureInvariant)]
    public static partial Regex Email();
}
