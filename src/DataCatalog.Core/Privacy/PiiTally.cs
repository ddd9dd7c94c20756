namespace DataCatalog.Core.Privacy;

/// <summary>Decides a column's personal-data class from its values one at a time, in constant memory.</summary>
/// <remarks>
/// A column is classified when one class matches at least <see cref="Share"/> (50%) of its non-blank values, or
/// <see cref="HintedShare"/> (30%) when its name hints at personal data (<see cref="PiiDetector.HasNameHint"/>).
/// Unverified registration numbers count only when the name hints at a registration number. A column without
/// non-blank values takes the class its name suggests; with values, the values decide.
/// </remarks>
public sealed class PiiTally
{
    /// <summary>Percentage of non-blank values one class needs to classify a column.</summary>
    public const int Share = 50;

    /// <summary>Percentage needed when the column name hints at personal data.</summary>
    public const int HintedShare = 30;

    private readonly long[] _verified = new long[Enum.GetValues<PiiClass>().Length];
    private readonly long[] _unverified = new long[Enum.GetValues<PiiClass>().Length];
    private readonly PiiClass _nameClass;
    private long _values;

    public PiiTally(string? columnName)
    {
        _nameClass = PiiDetector.ClassifyName(columnName);
    }

    /// <summary>Non-blank values added.</summary>
    public long Values => _values;

    /// <summary>The column's class, or <see cref="PiiClass.None"/> when no class reaches the threshold.</summary>
    public PiiClass Result => Decide().Class;

    /// <summary>Values that matched <see cref="Result"/>; 0 when it is <see cref="PiiClass.None"/>.</summary>
    public long Matches => Decide().Matches;

    /// <summary>Adds one value; null and blank values are not counted.</summary>
    public void Add(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        _values++;
        var match = PiiDetector.Match(value);
        if (match.Class != PiiClass.None)
        {
            (match.Verified ? _verified : _unverified)[(int)match.Class]++;
        }
    }

    private (PiiClass Class, long Matches) Decide()
    {
        if (_values == 0)
        {
            return (_nameClass, 0);
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
        // Integer percentages: 0.3 × 10 in floating point is not exactly 3.
        return bestCount > 0 && bestCount * 100 >= share * _values ? (best, bestCount) : (PiiClass.None, 0);
    }
}
