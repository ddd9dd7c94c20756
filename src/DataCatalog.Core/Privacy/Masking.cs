using System.Text.RegularExpressions;

namespace DataCatalog.Core.Privacy;

/// <summary>Masks personal data so a profile or an evidence record can show a value's shape without the value.</summary>
/// <remarks>
/// Registration numbers keep the birth date and the 7th digit (<c>900101-1******</c>); phones keep the area or
/// carrier prefix and the last four digits (<c>010-****-5678</c>); e-mail keeps at most two characters of the local
/// part, never all of it (<c>ab***@example.com</c>); business numbers keep the tax office and type
/// (<c>123-45-*****</c>). Every other class, and any value that does not have its class's shape, keeps its first two
/// characters and masks the rest; values of two characters or fewer are masked whole.
/// </remarks>
public static partial class Masking
{
    /// <summary><paramref name="value"/> masked for <paramref name="pii"/>; unchanged for <see cref="PiiClass.None"/>.</summary>
    public static string Mask(string value, PiiClass pii)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (pii == PiiClass.None)
        {
            return value;
        }

        var text = value.Trim();
        return pii switch
        {
            PiiClass.ResidentRegistrationNumber or PiiClass.ForeignRegistrationNumber => MaskRegistration(text),
            PiiClass.MobilePhone or PiiClass.LandlinePhone => MaskPhone(text),
            PiiClass.Email => MaskEmail(text),
            PiiClass.BusinessRegistrationNumber => MaskBusiness(text),
            _ => KeepFirstTwo(text),
        };
    }

    private static string MaskRegistration(string text)
    {
        var match = RegistrationPattern().Match(text);
        return match.Success ? $"{match.Groups[1].Value}-{match.Groups[2].Value}******" : KeepFirstTwo(text);
    }

    private static string MaskPhone(string text)
    {
        var match = PhonePattern().Match(text);
        return match.Success
            ? $"{match.Groups[1].Value}-{new string('*', match.Groups[2].Length)}-{match.Groups[3].Value}"
            : KeepFirstTwo(text);
    }

    private static string MaskEmail(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0)
        {
            return KeepFirstTwo(text);
        }

        // A fixed run of stars hides the local part's length as well.
        var kept = Math.Min(2, at - 1);
        return $"{text[..kept]}***{text[at..]}";
    }

    private static string MaskBusiness(string text)
    {
        var match = BusinessPattern().Match(text);
        return match.Success ? $"{match.Groups[1].Value}-{match.Groups[2].Value}-*****" : KeepFirstTwo(text);
    }

    private static string KeepFirstTwo(string text)
    {
        if (text.Length <= 2)
        {
            return new string('*', text.Length);
        }

        // Keeping half of a surrogate pair would leave invalid UTF-16 that PostgreSQL and JSON refuse.
        var kept = char.IsHighSurrogate(text[1]) ? 1 : 2;
        return string.Concat(text.AsSpan(0, kept), new string('*', text.Length - kept));
    }

    [GeneratedRegex("^([0-9]{6})-?([0-9])[0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistrationPattern();

    // Seoul (02) is the only two-digit area code; every other prefix, mobiles included, has three digits.
    [GeneratedRegex("^(02|0[13-9][0-9])-?([0-9]{3,4})-?([0-9]{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex("^([0-9]{3})-?([0-9]{2})-?[0-9]{5}$", RegexOptions.CultureInvariant)]
    private static partial Regex BusinessPattern();
}
