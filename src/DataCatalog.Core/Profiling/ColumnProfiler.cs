using DataCatalog.Core.Privacy;

namespace DataCatalog.Core.Profiling;

/// <summary>Accumulates one column's values in a single streaming pass and builds its <see cref="ColumnProfile"/>.</summary>
/// <remarks>
/// <para>Memory stays bounded whatever the number of rows: at most <see cref="ProfilerOptions.ExactDistinctLimit"/>
/// values and <see cref="ProfilerOptions.MaxPatterns"/> patterns are tracked, plus a fixed 16 KiB
/// <see cref="HyperLogLog"/> sketch. Distinct values are exact until a value arrives that would exceed the limit;
/// from then on the sketch's estimate is reported and top values are approximate: values already tracked keep
/// counting, new values are no longer tracked, so a value that first appears late can be missing from them.</para>
/// <para>When the values show personal data (<see cref="PiiTally"/>), top values are masked with
/// <see cref="Masking"/> and shown only when shared by two rows, patterns are collapsed, and Min/Max are left out
/// (<see cref="ProfilePrivacy"/>).</para>
/// </remarks>
public sealed class ColumnProfiler
{
    /// <summary>Stands for all patterns that arrived after <see cref="ProfilerOptions.MaxPatterns"/> were tracked.</summary>
    /// <remarks>Lower-case letters never occur in a pattern, so this cannot collide with a real one.</remarks>
    public const string OtherPatterns = "(other)";

    private readonly ProfilerOptions _options;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _patterns = new(StringComparer.Ordinal);
    private readonly HyperLogLog _sketch = new();
    private readonly ValueTypeTally _types = new();
    private readonly PiiTally _pii;
    private readonly SemanticTypeTally _semantic;
    private long _rows;
    private long _nulls;
    private long _empty;
    private long _otherPatterns;
    private bool _countsOverflowed;
    private int? _minLength;
    private int? _maxLength;
    private string? _min;
    private string? _max;
    private Extreme<decimal> _numbers;
    private Extreme<DateTime> _instants;

    public ColumnProfiler(string column, ProfilerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        _options = options ?? ProfilerOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ExactDistinctLimit, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.TopValues, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxPatterns, 1, nameof(options));
        Column = column;
        _pii = new PiiTally(column);
        _semantic = new SemanticTypeTally(column);
    }

    public string Column { get; }

    /// <summary>Distinct values held in memory; never more than <see cref="ProfilerOptions.ExactDistinctLimit"/>.</summary>
    internal int TrackedValues => _counts.Count;

    /// <summary>Distinct patterns held in memory; never more than <see cref="ProfilerOptions.MaxPatterns"/>.</summary>
    internal int TrackedPatterns => _patterns.Count;

    /// <summary>Adds one value; <c>null</c> means the cell was missing.</summary>
    public void Add(string? value)
    {
        _rows++;
        if (value is null)
        {
            _nulls++;
            return;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            _empty++;
            return;
        }

        _minLength = Math.Min(_minLength ?? int.MaxValue, value.Length);
        _maxLength = Math.Max(_maxLength ?? 0, value.Length);
        if (_min is null || string.CompareOrdinal(value, _min) < 0)
        {
            _min = value;
        }

        if (_max is null || string.CompareOrdinal(value, _max) > 0)
        {
            _max = value;
        }

        var reading = ValueTypeInference.Read(value);
        _types.Add(reading);
        if ((reading.Candidates & TypeCandidates.Decimal) != 0)
        {
            _numbers.Add(reading.Number, value);
        }

        if ((reading.Candidates & TypeCandidates.DateTime) != 0)
        {
            _instants.Add(reading.Instant, value);
        }

        _pii.Add(value);
        _semantic.Add(value);
        _sketch.Add(value);
        _countsOverflowed |= !TryCount(_counts, value, _options.ExactDistinctLimit);
        if (!TryCount(_patterns, PatternClass.Of(value), _options.MaxPatterns))
        {
            _otherPatterns++;
        }
    }

    /// <summary>The profile of the values added so far; more values may be added and the profile built again.</summary>
    public ColumnProfile Build()
    {
        var type = _types.Result;
        var pii = _pii.Result;
        var (min, max) = pii.IsPersonal() ? (null, null) : type switch
        {
            InferredType.Integer or InferredType.Decimal => (_numbers.MinText, _numbers.MaxText),
            InferredType.Date or InferredType.DateTime => (_instants.MinText, _instants.MaxText),
            _ => (_min, _max),
        };

        // The sketch can undershoot; the tracked values plus the one that overflowed are a hard lower bound.
        var distinct = _countsOverflowed ? Math.Max(_sketch.Estimate(), _counts.Count + 1L) : _counts.Count;
        var patterns = _otherPatterns == 0 ? _patterns : _patterns.Append(KeyValuePair.Create(OtherPatterns, _otherPatterns));
        return new ColumnProfile(Column, _rows, _nulls, _empty, distinct, _countsOverflowed,
            min, max, _minLength, _maxLength,
            ProfilePrivacy.TopValues(_counts, pii, _options.TopValues), ProfilePrivacy.Patterns(patterns, pii, _options.TopValues),
            type, pii, _pii.Matches)
        {
            Semantic = pii.IsPersonal() ? SemanticType.PersonalData : _semantic.Result,
            PiiEvidence = _pii.Evidence,
        };
    }

    private static bool TryCount(Dictionary<string, long> counts, string key, int limit)
    {
        if (counts.TryGetValue(key, out var count))
        {
            counts[key] = count + 1;
            return true;
        }

        if (counts.Count >= limit)
        {
            return false;
        }

        counts.Add(key, 1);
        return true;
    }

    /// <summary>Smallest and largest value seen in one ordering, with the text they came from.</summary>
    private struct Extreme<T>
        where T : IComparable<T>
    {
        private T _min;
        private T _max;

        public string? MinText { get; private set; }

        public string? MaxText { get; private set; }

        public void Add(T value, string text)
        {
            if (MinText is null || value.CompareTo(_min) < 0)
            {
                (_min, MinText) = (value, text);
            }

            if (MaxText is null || value.CompareTo(_max) > 0)
            {
                (_max, MaxText) = (value, text);
            }
        }
    }
}

/// <summary>Bounds on what a profile keeps.</summary>
/// <param name="ExactDistinctLimit">Distinct values counted exactly before switching to an estimate.</param>
/// <param name="TopValues">How many most-frequent values and patterns a profile keeps.</param>
/// <param name="MaxPatterns">Distinct patterns counted before further ones go to <see cref="ColumnProfiler.OtherPatterns"/>.</param>
public sealed record ProfilerOptions(int ExactDistinctLimit = 10_000, int TopValues = 10, int MaxPatterns = 1_000)
{
    public static ProfilerOptions Default { get; } = new();
}
