using System.Globalization;

namespace DataCatalog.Core.Privacy;

/// <summary>Decides a column's personal-data class from its values one at a time, in constant memory.</summary>
/// <remarks>
/// <para>A column is classified when one class matches at least <see cref="Share"/> (50%) of its non-blank values, or
/// <see cref="HintedShare"/> (30%) when its name hints at personal data (<see cref="PiiDetector.HasNameHint"/>).
/// Unverified registration numbers count only when the name hints at a registration number; personal names only when
/// the name says the column holds people's names (<see cref="PiiDetector.PersonNameCue"/>). A column without non-blank
/// values takes the class its name suggests; with values, the values decide.</para>
/// <para>Landline numbers in a column that is not about a person (no person word in its name, and no personal-contact
/// word such as 연락처) are a public body's published contact: <see cref="PiiClass.InstitutionalContact"/>.</para>
/// </remarks>
public sealed class PiiTally
{
    /// <summary>Percentage of non-blank values one class needs to classify a column.</summary>
    public const int Share = 50;

    /// <summary>Percentage needed when the column name hints at personal data.</summary>
    public const int HintedShare = 30;

    private static readonly int ClassCount = Enum.GetValues<PiiClass>().Length;

    private readonly long[] _verified = new long[ClassCount];
    private readonly long[] _unverified = new long[ClassCount];
    private readonly long[] _checkDigits = new long[ClassCount];
    private readonly PiiClass _nameClass;
    private readonly string? _nameCue;
    private readonly string? _personCue;
    private readonly bool _namesCount;
    private long _values;
    private long _guarded;

    public PiiTally(string? columnName)
    {
        (_nameClass, _nameCue) = PiiDetector.NameHint(columnName);
        _personCue = PiiDetector.PersonCue(columnName);
        _namesCount = PiiDetector.PersonNameCue(columnName) is not null;
    }

    /// <summary>Non-blank values added.</summary>
    public long Values => _values;

    /// <summary>The column's class, or <see cref="PiiClass.None"/> when no class reaches the threshold.</summary>
    public PiiClass Result => Decide().Class;

    /// <summary>Values that matched <see cref="Result"/>; 0 when it is <see cref="PiiClass.None"/>.</summary>
    public long Matches => Decide().Matches;

    /// <summary>Why the column has <see cref="Result"/>; null when neither the name nor any value suggested a class.</summary>
    public PiiEvidence? Evidence => Decide().Evidence;

    /// <summary>Adds one value; null and blank values are not counted.</summary>
    public void Add(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        Add(PiiDetector.Match(value), _namesCount && PiiDetector.IsPersonName(value), PiiShapes.HasTextGuard(value));
    }

    /// <summary>Adds one value already matched (by a caller that caches matches per distinct value).</summary>
    /// <param name="match">What <see cref="PiiDetector.Match(string)"/> returned for the value.</param>
    /// <param name="isPersonName">Whether <see cref="PiiDetector.IsPersonName(string)"/> holds for the value.</param>
    /// <param name="textGuarded">Whether the value starts with Excel's text guard.</param>
    public void Add(PiiMatch match, bool isPersonName, bool textGuarded) => Add(match, isPersonName, textGuarded, 1);

    /// <summary>Adds <paramref name="times"/> occurrences of one value already matched.</summary>
    public void Add(PiiMatch match, bool isPersonName, bool textGuarded, long times)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        _values += times;
        if (textGuarded)
        {
            _guarded += times;
        }

        if (match.Class != PiiClass.None)
        {
            (match.Verified ? _verified : _unverified)[(int)match.Class] += times;
            if (match.Verified && HasCheckDigit(match.Class))
            {
                _checkDigits[(int)match.Class] += times;
            }
        }
        else if (isPersonName && _namesCount)
        {
            _verified[(int)PiiClass.PersonName] += times;
        }
    }

    /// <summary>True when this column counts personal names (its name is about people), so callers can skip the check otherwise.</summary>
    public bool CountsPersonNames => _namesCount;

    private static bool HasCheckDigit(PiiClass pii) => pii is PiiClass.ResidentRegistrationNumber or PiiClass.ForeignRegistrationNumber
        or PiiClass.CorporateRegistrationNumber or PiiClass.BusinessRegistrationNumber;

    private (PiiClass Class, long Matches, PiiEvidence? Evidence) Decide()
    {
        if (_values == 0)
        {
            return _nameClass == PiiClass.None
                ? (PiiClass.None, 0, null)
                : (_nameClass, 0, Explain(0, 0, $"no values to look at; the name's word '{_nameCue}' suggests {_nameClass}"));
        }

        var countUnverified = PiiDetector.CountsUnverified(_nameClass);
        var best = PiiClass.None;
        long bestCount = 0;
        for (var i = 1; i < _verified.Length; i++)
        {
            var count = _verified[i] + (countUnverified ? _unverified[i] : 0);
            if (count > bestCount)
            {
                (best, bestCount) = ((PiiClass)i, count);
            }
        }

        var share = _nameClass == PiiClass.None ? Share : HintedShare;
        var of = $"{bestCount} of {_values} values ({Percent(bestCount, _values)})";
        // Integer percentages: 0.3 × 10 in floating point is not exactly 3.
        if (bestCount == 0 || bestCount * 100 < share * _values)
        {
            return bestCount == 0 && _nameCue is null
                ? (PiiClass.None, 0, null)
                : (PiiClass.None, 0, Explain(0, 0, bestCount == 0
                    ? $"no value has a personal-data shape, whatever the name's word '{_nameCue}' suggests"
                    : $"only {of} are {best}, under the {share} % needed"));
        }

        var checkDigits = _checkDigits[(int)best];
        if (best == PiiClass.LandlinePhone && _personCue is null && _nameClass != PiiClass.MobilePhone)
        {
            return (PiiClass.InstitutionalContact, bestCount, Explain(bestCount, 0,
                $"{of} are landline numbers and the column is not about a person: a published institutional contact, shown unmasked"));
        }

        var cue = _personCue is not null && best is PiiClass.LandlinePhone or PiiClass.PersonName ? $"; the column is about a person ('{_personCue}')" : "";
        var digits = HasCheckDigit(best) ? $"; {checkDigits} with a valid check digit" : "";
        return (best, bestCount, Explain(bestCount, checkDigits, $"{of} are {best} (at least {share} % needed){digits}{cue}"));
    }

    private PiiEvidence Explain(long matching, long checkDigits, string decision) =>
        new(_nameCue ?? _personCue, _values, matching, checkDigits, _guarded, decision);

    private static string Percent(long part, long whole) =>
        (100d * part / whole).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
