namespace DataCatalog.Core.Privacy;

/// <summary>Recognises Korean personal data (STANDARDS.md §5) in single values and in column names (pure).</summary>
/// <remarks>
/// <para>Values are trimmed first. Check digits turn a shape into evidence:</para>
/// <list type="bullet">
/// <item>Resident (7th digit 1–4) and foreign (5–8) registration numbers need a real birth date (yyMMdd; century
/// from the 7th digit: 1, 2, 5, 6 → 1900s, 3, 4, 7, 8 → 2000s). With a passing check digit they are verified. With a
/// failing one they are unverified (random tails since October 2020) and count only when the column name hints at a
/// registration number (<see cref="Classify(string, string?)"/>, <see cref="PiiTally"/>).</item>
/// <item>A 13-digit value that is not a registration number counts as a corporate registration number only when its
/// check digit holds; a business registration number likewise.</item>
/// <item>Phones, e-mail, passports and driver licences have no check digit: the shape is the evidence. A landline's
/// area code may not start 00 (international prefix) or 01 (mobile), so mobiles are never landlines. Phones are
/// tried before business numbers, so an undashed ten-digit value starting with 0 is a phone: the tax office code
/// that leads a business number never starts with 0.</item>
/// </list>
/// </remarks>
public static class PiiDetector
{
    private static readonly int[] ResidentWeights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
    private static readonly int[] BusinessWeights = [1, 3, 7, 1, 3, 7, 1, 3, 5];

    /// <summary>Hints in column names, most specific first; Korean and long English words match anywhere in the
    /// name, short English words only as a whole word (so <c>hotel</c> is no <c>tel</c>).</summary>
    private static readonly (string Hint, PiiClass Class, bool WholeWord)[] NameHints =
    [
        ("외국인등록", PiiClass.ForeignRegistrationNumber, false),
        ("외국인번호", PiiClass.ForeignRegistrationNumber, false),
        ("주민", PiiClass.ResidentRegistrationNumber, false),
        ("사업자", PiiClass.BusinessRegistrationNumber, false),
        ("법인등록", PiiClass.CorporateRegistrationNumber, false),
        ("법인번호", PiiClass.CorporateRegistrationNumber, false),
        ("여권", PiiClass.PassportNumber, false),
        ("면허", PiiClass.DriverLicenceNumber, false),
        ("휴대", PiiClass.MobilePhone, false),
        ("핸드폰", PiiClass.MobilePhone, false),
        // A personal contact number is a mobile far more often than a landline today.
        ("연락처", PiiClass.MobilePhone, false),
        ("전화", PiiClass.LandlinePhone, false),
        ("이메일", PiiClass.Email, false),
        ("전자우편", PiiClass.Email, false),
        ("메일", PiiClass.Email, false),
        ("alien", PiiClass.ForeignRegistrationNumber, true),
        ("foreigner", PiiClass.ForeignRegistrationNumber, true),
        ("rrn", PiiClass.ResidentRegistrationNumber, true),
        ("ssn", PiiClass.ResidentRegistrationNumber, true),
        ("jumin", PiiClass.ResidentRegistrationNumber, true),
        ("resident", PiiClass.ResidentRegistrationNumber, true),
        ("bizno", PiiClass.BusinessRegistrationNumber, true),
        ("brn", PiiClass.BusinessRegistrationNumber, true),
        ("crn", PiiClass.CorporateRegistrationNumber, true),
        ("corpno", PiiClass.CorporateRegistrationNumber, true),
        ("passport", PiiClass.PassportNumber, false),
        ("licence", PiiClass.DriverLicenceNumber, false),
        ("license", PiiClass.DriverLicenceNumber, false),
        ("mobile", PiiClass.MobilePhone, false),
        ("cellphone", PiiClass.MobilePhone, false),
        ("handphone", PiiClass.MobilePhone, false),
        ("cell", PiiClass.MobilePhone, true),
        ("hp", PiiClass.MobilePhone, true),
        ("contact", PiiClass.MobilePhone, true),
        ("email", PiiClass.Email, false),
        ("mail", PiiClass.Email, true),
        ("phone", PiiClass.LandlinePhone, false),
        ("tel", PiiClass.LandlinePhone, true),
        ("telno", PiiClass.LandlinePhone, true),
    ];

    /// <summary>Korean words that make a column about a person; 담당 alone is a department (담당부서) as often as a person.</summary>
    private static readonly string[] PersonWords =
    [
        "담당자", "성명", "이름", "성함", "신청인", "신청자", "보호자", "대표자", "작성자", "민원인", "환자", "수급자", "직원", "회원",
        "고객", "대리인", "소유자", "운전자", "이용자", "사용자", "관리자", "세대주", "수령인", "의뢰인", "피해자", "보증인", "본인",
        "개인", "학생", "교사", "강사", "주주", "임원", "근로자", "가입자", "예약자", "접수자", "처리자", "등록자", "제보자",
    ];

    /// <summary>English and romanised abbreviations of person words, matched as whole words (<c>chrg_nm</c> → chrg).</summary>
    private static readonly string[] PersonAbbreviations =
    [
        "chrg", "charger", "rprsv", "rprsntv", "rprs", "aplcnt", "applicant", "prtcr", "guardian", "emp", "employee", "user",
        "mngr", "mgr", "manager", "owner", "ownr", "person", "psn", "member", "mbr", "patient", "customer", "cust", "ceo",
        "staff", "writer", "requester", "rqstr", "driver",
    ];

    /// <summary>Korean words for a person's name.</summary>
    private static readonly string[] NameWords = ["성명", "이름", "성함"];

    /// <summary>The class <paramref name="value"/> is evidence of on its own; unverified registration numbers are <see cref="PiiClass.None"/>.</summary>
    public static PiiClass Classify(string value)
    {
        var match = Match(value);
        return match.Verified ? match.Class : PiiClass.None;
    }

    /// <summary>As <see cref="Classify(string)"/>, but an unverified registration number counts when <paramref name="columnName"/> hints at one.</summary>
    public static PiiClass Classify(string value, string? columnName)
    {
        var match = Match(value);
        return match.Verified || CountsUnverified(ClassifyName(columnName)) ? match.Class : PiiClass.None;
    }

    /// <summary>The class <paramref name="value"/> has the shape of, and whether a check digit confirmed it.</summary>
    public static PiiMatch Match(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Match(value.AsSpan());
    }

    /// <summary>The same as <see cref="Match(string)"/>, making a string only for the rare shapes whose check needs one.</summary>
    internal static PiiMatch Match(ReadOnlySpan<char> value)
    {
        var text = PiiShapes.Normalize(value);
        // No class is longer than an e-mail address may be (RFC 5321).
        if (text.Length is < 6 or > 254)
        {
            return PiiMatch.None;
        }

        if (text.Contains('@'))
        {
            return PiiShapes.Email().IsMatch(text) ? new PiiMatch(PiiClass.Email, true) : PiiMatch.None;
        }

        // Every other shape is digits and dashes, or a passport's letter and eight characters: most values (names,
        // addresses, decimals) are ruled out here without running a pattern, and the digit count rules out every shape
        // of another length (a 10-digit landline never runs the 13-digit pattern).
        var digits = PiiShapes.NumberShapeDigits(text);
        if (digits < 0)
        {
            return PiiMatch.None;
        }

        if (digits == 13)
        {
            var thirteen = PiiShapes.ThirteenDigits().Match(text.ToString());
            if (thirteen.Success)
            {
                return MatchThirteenDigits(thirteen.Groups[1].Value + thirteen.Groups[2].Value + thirteen.Groups[3].Value);
            }
        }

        // Mobile: 01x then 7 or 8 digits; landline: 9 to 11 digits from 0; business: 10; driver licence: 12.
        if (digits is 10 or 11 && text.StartsWith("01", StringComparison.Ordinal) && PiiShapes.Mobile().IsMatch(text))
        {
            return new PiiMatch(PiiClass.MobilePhone, true);
        }

        if (digits is >= 9 and <= 11 && text[0] == '0' && PiiShapes.Landline().IsMatch(text))
        {
            return new PiiMatch(PiiClass.LandlinePhone, true);
        }

        if (digits == 10 && PiiShapes.Business().IsMatch(text))
        {
            return BusinessCheckDigitHolds(Digits(text.ToString())) ? new PiiMatch(PiiClass.BusinessRegistrationNumber, true) : PiiMatch.None;
        }

        if (digits == 0 && PiiShapes.Passport().IsMatch(text))
        {
            return new PiiMatch(PiiClass.PassportNumber, true);
        }

        return digits == 12 && PiiShapes.DriverLicence().IsMatch(text) ? new PiiMatch(PiiClass.DriverLicenceNumber, true) : PiiMatch.None;
    }

    /// <summary>The class a column name suggests, for when there are no values to look at.</summary>
    public static PiiClass ClassifyName(string? columnName) => NameHint(columnName).Class;

    /// <summary>The class a column name suggests and the word of the name that suggested it.</summary>
    /// <remarks>A phone word in a name without a person word (<c>관리기관전화번호</c>, a facility's <c>전화번호</c>) suggests a
    /// published institutional contact; with one (<c>담당자전화번호</c>), the person's phone.</remarks>
    public static (PiiClass Class, string? Hint) NameHint(string? columnName)
    {
        if (string.IsNullOrWhiteSpace(columnName))
        {
            return (PiiClass.None, null);
        }

        var lower = columnName.ToLowerInvariant();
        var words = Words(columnName);
        foreach (var (hint, pii, wholeWord) in NameHints)
        {
            if (wholeWord ? words.Contains(hint) : lower.Contains(hint, StringComparison.Ordinal))
            {
                return pii == PiiClass.LandlinePhone && PersonCue(columnName) is null ? (PiiClass.InstitutionalContact, hint) : (pii, hint);
            }
        }

        if (PersonNameCue(columnName) is { } nameCue)
        {
            return (PiiClass.PersonName, nameCue);
        }

        return (PiiClass.None, null);
    }

    /// <summary>The word of a column name that says the column is about a person (담당자, 성명, 신청인, <c>chrg</c>…); null when none does.</summary>
    public static string? PersonCue(string? columnName)
    {
        if (string.IsNullOrWhiteSpace(columnName))
        {
            return null;
        }

        var lower = columnName.ToLowerInvariant();
        var korean = PersonWords.FirstOrDefault(w => lower.Contains(w, StringComparison.Ordinal));
        if (korean is not null)
        {
            return korean;
        }

        var words = Words(columnName);
        return PersonAbbreviations.FirstOrDefault(words.Contains);
    }

    /// <summary>The word of a column name that says it holds people's names: 성명, 이름, or a person word with no other
    /// personal-data word (담당자, 대표자명, <c>chrg_nm</c>); null when none does. <c>_nm</c> alone is a facility's name too.</summary>
    public static string? PersonNameCue(string? columnName)
    {
        if (string.IsNullOrWhiteSpace(columnName))
        {
            return null;
        }

        var lower = columnName.ToLowerInvariant();
        if (NameWords.FirstOrDefault(w => lower.Contains(w, StringComparison.Ordinal)) is { } word)
        {
            return word;
        }

        var words = Words(columnName);
        var other = NameHints.Any(h => h.WholeWord ? words.Contains(h.Hint) : lower.Contains(h.Hint, StringComparison.Ordinal));
        return other ? null : PersonCue(columnName);
    }

    /// <summary>True for 2–4 Hangul syllables led by a common Korean surname (김민준, 남궁민); only meaningful in a column
    /// whose name is about people (<see cref="PersonNameCue"/>), since many words start with a surname syllable.</summary>
    public static bool IsPersonName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsPersonName(value.AsSpan());
    }

    /// <summary>The same as <see cref="IsPersonName(string)"/>, without making a string.</summary>
    internal static bool IsPersonName(ReadOnlySpan<char> value) => PiiShapes.PersonNameSurname(PiiShapes.Normalize(value)) > 0;

    /// <summary>True when a column name suggests personal data, which lowers the share of matching values needed.</summary>
    public static bool HasNameHint(string? columnName) => ClassifyName(columnName) != PiiClass.None;

    /// <summary>Resident and foreign registration check digit: (11 − Σ wᵢdᵢ mod 11) mod 10, weights 2…9,2…5.</summary>
    internal static bool ResidentCheckDigitHolds(string digits)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += ResidentWeights[i] * (digits[i] - '0');
        }

        return (11 - (sum % 11)) % 10 == digits[12] - '0';
    }

    /// <summary>Corporate registration check digit: (10 − Σ wᵢdᵢ mod 10) mod 10, weights 1,2 alternating.</summary>
    internal static bool CorporateCheckDigitHolds(string digits)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (i % 2 == 0 ? 1 : 2) * (digits[i] - '0');
        }

        return (10 - (sum % 10)) % 10 == digits[12] - '0';
    }

    /// <summary>Business registration check digit: weights 1,3,7,1,3,7,1,3,5 plus ⌊d₉×5/10⌋, then (10 − sum mod 10) mod 10.</summary>
    internal static bool BusinessCheckDigitHolds(string digits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += BusinessWeights[i] * (digits[i] - '0');
        }

        sum += (digits[8] - '0') * 5 / 10;
        return (10 - (sum % 10)) % 10 == digits[9] - '0';
    }

    internal static bool CountsUnverified(PiiClass nameClass) =>
        nameClass is PiiClass.ResidentRegistrationNumber or PiiClass.ForeignRegistrationNumber;

    internal static string Digits(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    private static PiiMatch MatchThirteenDigits(string digits)
    {
        var registration = digits[6] switch
        {
            >= '1' and <= '4' => PiiClass.ResidentRegistrationNumber,
            >= '5' and <= '8' => PiiClass.ForeignRegistrationNumber,
            _ => PiiClass.None,
        };
        if (registration != PiiClass.None && HasBirthDate(digits))
        {
            if (ResidentCheckDigitHolds(digits))
            {
                return new PiiMatch(registration, true);
            }

            // A corporate number's check digit is stronger evidence than a registration shape without one.
            return CorporateCheckDigitHolds(digits)
                ? new PiiMatch(PiiClass.CorporateRegistrationNumber, true)
                : new PiiMatch(registration, false);
        }

        return CorporateCheckDigitHolds(digits) ? new PiiMatch(PiiClass.CorporateRegistrationNumber, true) : PiiMatch.None;
    }

    private static bool HasBirthDate(string digits)
    {
        var century = digits[6] is '1' or '2' or '5' or '6' ? 1900 : 2000;
        var year = century + ((digits[0] - '0') * 10) + (digits[1] - '0');
        var month = ((digits[2] - '0') * 10) + (digits[3] - '0');
        var day = ((digits[4] - '0') * 10) + (digits[5] - '0');
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static HashSet<string> Words(string name)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var boundary = i == name.Length
                || !char.IsLetterOrDigit(name[i])
                || (i > 0 && char.IsLower(name[i - 1]) && char.IsUpper(name[i]));
            if (boundary && start >= 0)
            {
                words.Add(name[start..i].ToLowerInvariant());
                start = -1;
            }

            if (i < name.Length && char.IsLetterOrDigit(name[i]) && start < 0)
            {
                start = i;
            }
        }

        return words;
    }
}
