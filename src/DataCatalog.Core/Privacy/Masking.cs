namespace DataCatalog.Core.Privacy;

/// <summary>Masks personal data so a profile or an evidence record can show a value's shape without the value.</summary>
/// <remarks>
/// Registration numbers keep the birth date and the 7th digit (<c>900101-1******</c>); phones keep the area or
/// carrier prefix and the last four digits (<c>010-****-5678</c>); e-mail keeps at most two characters of the local
/// part, never all of it (<c>ab***@example.com</c>); business numbers keep the tax office and type
/// (<c>123-45-*****</c>); names keep the surname and the last syllable (<c>김*준</c>). Every other class, and any value
/// that does not have its class's shape, keeps its first two characters and masks the rest; values of two characters
/// or fewer are masked whole. Shapes are <see cref="PiiShapes"/>', and Excel's text guard is dropped before masking.
/// </remarks>
public static class Masking
{
    /// <summary><paramref name="value"/> masked for <paramref name="pii"/>; unchanged when the class is not personal.</summary>
    public static string Mask(string value, PiiClass pii)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!pii.IsPersonal())
        {
            return value;
        }

        var text = PiiShapes.Normalize(value);
        return pii switch
        {
            PiiClass.ResidentRegistrationNumber or PiiClass.ForeignRegistrationNumber => MaskRegistration(text),
            PiiClass.MobilePhone or PiiClass.LandlinePhone => MaskPhone(text),
            PiiClass.Email => MaskEmail(text),
            PiiClass.BusinessRegistrationNumber => MaskBusiness(text),
            PiiClass.PersonName => MaskName(text),
            _ => KeepFirstTwo(text),
        };
    }

    private static string MaskRegistration(string text)
    {
        var match = PiiShapes.ThirteenDigits().Match(text);
        return match.Success ? $"{match.Groups[1].Value}-{match.Groups[2].Value}******" : KeepFirstTwo(text);
    }

    private static string MaskPhone(string text)
    {
        var match = PiiShapes.Mobile().Match(text) is { Success: true } mobile ? mobile : PiiShapes.Landline().Match(text);
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
        var match = PiiShapes.Business().Match(text);
        return match.Success ? $"{match.Groups[1].Value}-{match.Groups[2].Value}-*****" : KeepFirstTwo(text);
    }

    private static string MaskName(string text)
    {
        var surname = PiiShapes.PersonNameSurname(text);
        if (surname == 0)
        {
            return KeepFirstTwo(text);
        }

        // A two-syllable name keeps only the surname: keeping the last syllable too would keep all of it.
        var rest = text.Length - surname;
        return rest == 1
            ? text[..surname] + "*"
            : string.Concat(text.AsSpan(0, surname), new string('*', rest - 1), text.AsSpan(text.Length - 1));
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
}
