using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using DataCatalog.Core.Privacy;

namespace DataCatalog.Core.Profiling;

/// <summary>Accumulates one column's values in a single streaming pass and builds its <see cref="ColumnProfile"/>.</summary>
/// <remarks>
/// <para>Memory stays bounded whatever the number of rows: at most <see cref="ProfilerOptions.ExactDistinctLimit"/>
/// values and <see cref="ProfilerOptions.MaxPatterns"/> patterns are tracked, plus a fixed 16 KiB
/// <see cref="HyperLogLog"/> sketch. Distinct values are exact until a value arrives that would exceed the limit;
/// from then on the sketch's estimate is reported and top values are approximate: values already tracked keep
/// counting, new values are no longer tracked, so a value that first appears late can be missing from them.</para>
/// <para>A tracked value is classified once (type, number, personal data, pattern); its later cells only count. Values
/// past the limit are classified cell by cell, so every count but the distinct values and top values stays exact.</para>
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

    /// <summary>An untracked value's characters, for values of up to its length in UTF-8 bytes; longer ones become strings.</summary>
    private readonly char[] _chars = new char[256];

    /// <summary>The pattern of the value being classified; a field rather than the stack, which would be cleared every value.</summary>
    private readonly char[] _pattern = new char[PatternClass.MaxLength + 1];

    // Each tracked value has a slot: its count and its classification sit in arrays beside the dictionary, so a repeated
    // value costs one lookup and one increment, and the counts of a whole column stay close together in memory.
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);

    // The same slots by the values' UTF-8 bytes, for readers that hold cells as UTF-8: a repeated cell is found without
    // decoding it into a string.
    private readonly Utf8SlotTable _utf8Slots = new();
    private readonly Dictionary<string, PatternCount> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PatternCount>.AlternateLookup<ReadOnlySpan<char>> _patternsBySpan;
    private readonly HyperLogLog _sketch = new();
    private readonly ValueTypeTally _types = new();
    private readonly PiiTally _pii;
    private readonly SemanticTypeTally _semantic;
    private ulong[]? _trackedFilter;
    private ulong[]? _utf8Filter;
    private bool _utf8Keyed;
    private string? _lastPattern;
    private PatternCount? _lastPatternCount;
    private string[] _keys = new string[16];
    private long[] _counts = new long[16];
    private long[] _settled = new long[16];
    private Facts[] _facts = new Facts[16];
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
        _patternsBySpan = _patterns.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Column { get; }

    /// <summary>Distinct values held in memory; never more than <see cref="ProfilerOptions.ExactDistinctLimit"/>.</summary>
    internal int TrackedValues => _slots.Count;

    /// <summary>Distinct patterns held in memory; never more than <see cref="ProfilerOptions.MaxPatterns"/>.</summary>
    internal int TrackedPatterns => _patterns.Count;

    /// <summary>Adds one value given as UTF-8 bytes; the same as <see cref="Add(string?)"/> with the decoded text.</summary>
    /// <remarks>A value already tracked costs one lookup of its bytes: no string is made. Only a new or untracked value is
    /// decoded.</remarks>
    public void Add(ReadOnlySpan<byte> utf8)
    {
        if (!_utf8Keyed)
        {
            KeyByUtf8();
        }

        // Past the limit most values are not tracked: a filter of the tracked values' bytes says so without the table.
        var hash = Utf8SlotTable.Hash(utf8);
        if ((_utf8Filter is null || MayBeTracked(_utf8Filter, hash)) && _utf8Slots.TryGet(utf8, hash, out var slot))
        {
            _rows++;
            Repeat(slot, _keys[slot]);
            return;
        }

        if (_utf8Filter is null)
        {
            Add(Encoding.UTF8.GetString(utf8));
            return;
        }

        _rows++;
        if (utf8.Length > _chars.Length)
        {
            var value = Encoding.UTF8.GetString(utf8);
            AddNew(value, HyperLogLog.Hash(value));
            return;
        }

        // An untracked value is classified from its characters in a buffer: no string unless it becomes the minimum, maximum
        // or a semantic sample. UTF-8 never has fewer bytes than the text has UTF-16 characters.
        var text = _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
        AddUntracked(text, HyperLogLog.Hash(text));
    }

    /// <summary>Adds a value past the limit that is not tracked, given as characters; its row is counted already.</summary>
    private void AddUntracked(ReadOnlySpan<char> value, ulong hash)
    {
        if (value.IsWhiteSpace())
        {
            _empty++;
            return;
        }

        var facts = Classify(value);
        First(facts, value, null);
        _sketch.AddHash(hash);
        Count(facts, 1);
    }

    /// <summary>Adds one value; <c>null</c> means the cell was missing.</summary>
    public void Add(string? value)
    {
        _rows++;
        if (value is null)
        {
            _nulls++;
            return;
        }

        // A value seen before changes nothing but counts: its length, min/max, type and number were taken when it first
        // came, and its personal-data match and pattern are counted by its count when the profile is built (Settle).
        // Blank values are never tracked, so looking up first is safe.
        var hash = 0UL;
        int slot;
        if (_trackedFilter is null)
        {
            if (_slots.TryGetValue(value, out slot))
            {
                Repeat(slot, value);
                return;
            }
        }
        else
        {
            // Past the limit most values are not tracked: the filter says so without the dictionary, and the hash it
            // takes is the one the sketch needs anyway.
            hash = HyperLogLog.Hash(value);
            if (MayBeTracked(_trackedFilter, hash) && _slots.TryGetValue(value, out slot))
            {
                Repeat(slot, value);
                return;
            }
        }

        AddNew(value, hash);
    }

    /// <summary>Adds a value that is not tracked (new, or past the limit), whose row is counted already.</summary>
    /// <param name="hash">Its <see cref="HyperLogLog.Hash(string)"/> once the limit is passed; before, not needed.</param>
    private void AddNew(string value, ulong hash)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            _empty++;
            return;
        }

        var facts = Classify(value);
        First(facts, value, value);
        if (_trackedFilter is null)
        {
            if (_slots.Count < _options.ExactDistinctLimit)
            {
                Track(value, facts);
                return;
            }

            Overflow();
            hash = HyperLogLog.Hash(value);
        }

        _sketch.AddHash(hash);
        Count(facts, 1);
    }

    private void Repeat(int slot, string value)
    {
        _counts[slot]++;
        if (_semantic.IsSampling)
        {
            // The semantic sample is the column's first values in order, repeats included.
            _semantic.Add(value);
        }
    }

    /// <summary>Stops tracking new values: the sketch takes over counting distinct values, and the filter is built.</summary>
    private void Overflow()
    {
        // Adding the tracked values now gives the sketch the same registers as adding every cell from the start, since a
        // repeated value never changes them. The filter has 16 bits or more per tracked value and two probes: it wrongly
        // answers "maybe tracked" for well under 1 % of other values, which then only cost a dictionary lookup.
        var bits = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(64, _slots.Count * 16));
        _trackedFilter = new ulong[bits / 64];
        foreach (var key in _slots.Keys)
        {
            var hash = HyperLogLog.Hash(key);
            _sketch.AddHash(hash);
            SetFilter(_trackedFilter, hash);
        }

        if (_utf8Keyed)
        {
            BuildUtf8Filter();
        }

        _countsOverflowed = true;
    }

    private static void SetFilter(ulong[] filter, ulong hash)
    {
        filter[FilterBit(filter, hash) >> 6] |= 1UL << FilterBit(filter, hash);
        filter[FilterBit(filter, hash >> 32) >> 6] |= 1UL << FilterBit(filter, hash >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MayBeTracked(ulong[] filter, ulong hash) =>
        (filter[FilterBit(filter, hash) >> 6] & (1UL << FilterBit(filter, hash))) != 0
        && (filter[FilterBit(filter, hash >> 32) >> 6] & (1UL << FilterBit(filter, hash >> 32))) != 0;

    /// <summary>A bit of the filter from the low bits of <paramref name="hash"/>; the sketch uses the high ones.</summary>
    private static int FilterBit(ulong[] filter, ulong hash) => (int)hash & ((filter.Length * 64) - 1);

    private void Track(string value, Facts facts)
    {
        var slot = _slots.Count;
        if (slot == _counts.Length)
        {
            var size = Math.Min(slot * 2, _options.ExactDistinctLimit);
            Array.Resize(ref _keys, size);
            Array.Resize(ref _counts, size);
            Array.Resize(ref _settled, size);
            Array.Resize(ref _facts, size);
        }

        _slots.Add(value, slot);
        if (_utf8Keyed)
        {
            AddUtf8Key(value);
        }

        _keys[slot] = value;
        _counts[slot] = 1;
        _facts[slot] = facts;
    }

    /// <summary>Keys the tracked values by their UTF-8 bytes too, from the first value given as bytes on; callers that only
    /// give strings never pay for it.</summary>
    private void KeyByUtf8()
    {
        _utf8Keyed = true;
        for (var slot = 0; slot < _slots.Count; slot++)
        {
            AddUtf8Key(_keys[slot]);
        }

        if (_trackedFilter is not null)
        {
            BuildUtf8Filter();
        }
    }

    private void AddUtf8Key(string value)
    {
        // A value decoded from bytes encodes back to the same bytes. A string with a lone surrogate would encode to U+FFFD and
        // stand for a real U+FFFD: its key gets a 0xFF byte, which no UTF-8 holds, so it is only ever found by its string.
        var invalid = HasLoneSurrogate(value);
        Span<byte> utf8 = value.Length <= 256 ? stackalloc byte[(value.Length * 3) + 1] : new byte[Encoding.UTF8.GetMaxByteCount(value.Length) + 1];
        utf8[0] = 0xFF;
        utf8 = utf8[..(Encoding.UTF8.GetBytes(value, utf8[1..]) + 1)];
        utf8 = invalid ? utf8 : utf8[1..];
        _utf8Slots.Add(utf8, Utf8SlotTable.Hash(utf8));
    }

    private void BuildUtf8Filter()
    {
        _utf8Filter = new ulong[_trackedFilter!.Length];
        for (var slot = 0; slot < _utf8Slots.Count; slot++)
        {
            SetFilter(_utf8Filter, _utf8Slots[slot].Hash);
        }
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogate(value[i]))
            {
                if (i + 1 < value.Length && char.IsSurrogatePair(value[i], value[i + 1]))
                {
                    i++;
                    continue;
                }

                return true;
            }
        }

        return false;
    }

    private Facts Classify(ReadOnlySpan<char> value)
    {
        // Once a value fitted nothing but text, no later value can narrow the column: reading types would be wasted.
        ValueReading? reading = _types.SettledOnText ? null : ValueTypeInference.Read(value);
        var pii = PiiDetector.Match(value);
        var isName = _pii.CountsPersonNames && pii.Class == PiiClass.None && PiiDetector.IsPersonName(value);
        var pattern = _pattern.AsSpan(0, PatternClass.Write(value, _pattern));
        PatternCount? counter;
        if (_lastPattern is not null && pattern.SequenceEqual(_lastPattern))
        {
            // Values of a column mostly share a shape: comparing with the last one is cheaper than hashing.
            counter = _lastPatternCount;
        }
        else if (_patternsBySpan.TryGetValue(pattern, out var key, out counter))
        {
            (_lastPattern, _lastPatternCount) = (key, counter);
        }
        else if (_patterns.Count < _options.MaxPatterns)
        {
            key = new string(pattern);
            counter = new PatternCount();
            _patterns.Add(key, counter);
            (_lastPattern, _lastPatternCount) = (key, counter);
        }

        return new Facts(reading, pii, isName, PiiShapes.HasTextGuard(value), counter);
    }

    /// <summary>Takes what a value not tracked before tells once: its length, min/max, type and number or instant.</summary>
    /// <param name="text">The value as a string if there is one; made from <paramref name="value"/> only when kept.</param>
    private void First(Facts facts, ReadOnlySpan<char> value, string? text)
    {
        _minLength = Math.Min(_minLength ?? int.MaxValue, value.Length);
        _maxLength = Math.Max(_maxLength ?? 0, value.Length);
        // Comparing the characters as numbers is string.CompareOrdinal.
        if (_min is null || value.SequenceCompareTo(_min) < 0)
        {
            _min = text ??= value.ToString();
        }

        if (_max is null || value.SequenceCompareTo(_max) > 0)
        {
            _max = text ??= value.ToString();
        }

        if (facts.Reading is { } reading)
        {
            _types.Add(reading);
            if ((reading.Candidates & TypeCandidates.Decimal) != 0)
            {
                _numbers.Add(reading.Number, value, ref text);
            }

            if ((reading.Candidates & TypeCandidates.DateTime) != 0)
            {
                _instants.Add(reading.Instant, value, ref text);
            }
        }

        if (_semantic.IsSampling)
        {
            _semantic.Add(text ??= value.ToString());
        }
    }

    /// <summary>Counts <paramref name="times"/> occurrences of a value in the tallies that count every cell.</summary>
    private void Count(in Facts facts, long times)
    {
        _pii.Add(facts.Pii, facts.IsPersonName, facts.TextGuarded, times);
        if (facts.Pattern is { } pattern)
        {
            pattern.Count += times;
        }
        else
        {
            _otherPatterns += times;
        }
    }

    /// <summary>Brings the personal-data and pattern tallies up to the tracked values' counts.</summary>
    private void Settle()
    {
        for (var slot = 0; slot < _slots.Count; slot++)
        {
            var times = _counts[slot] - _settled[slot];
            if (times > 0)
            {
                Count(_facts[slot], times);
                _settled[slot] = _counts[slot];
            }
        }
    }

    /// <summary>The profile of the values added so far; more values may be added and the profile built again.</summary>
    public ColumnProfile Build()
    {
        Settle();
        var type = _types.Result;
        var pii = _pii.Result;
        var (min, max) = pii.IsPersonal() ? (null, null) : type switch
        {
            InferredType.Integer or InferredType.Decimal => (_numbers.MinText, _numbers.MaxText),
            InferredType.Date or InferredType.DateTime => (_instants.MinText, _instants.MaxText),
            _ => (_min, _max),
        };

        // The sketch can undershoot; the tracked values plus the one that overflowed are a hard lower bound.
        var distinct = _countsOverflowed ? Math.Max(_sketch.Estimate(), _slots.Count + 1L) : _slots.Count;
        var counted = _patterns.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Count));
        var patterns = _otherPatterns == 0 ? counted : counted.Append(KeyValuePair.Create(OtherPatterns, _otherPatterns));
        return new ColumnProfile(Column, _rows, _nulls, _empty, distinct, _countsOverflowed,
            min, max, _minLength, _maxLength,
            ProfilePrivacy.TopValues(_slots.Select(kv => KeyValuePair.Create(kv.Key, _counts[kv.Value])), pii, _options.TopValues), ProfilePrivacy.Patterns(patterns, pii, _options.TopValues),
            type, pii, _pii.Matches)
        {
            Semantic = pii.IsPersonal() ? SemanticType.PersonalData : _semantic.Result,
            PiiEvidence = _pii.Evidence,
        };
    }

    /// <summary>What one distinct value was classified as, computed once.</summary>
    /// <param name="Reading">Its type reading; null when the column had already settled on text.</param>
    /// <param name="Pattern">The counter of its pattern; null when the pattern is counted under <see cref="OtherPatterns"/>.</param>
    private readonly record struct Facts(ValueReading? Reading, PiiMatch Pii, bool IsPersonName, bool TextGuarded, PatternCount? Pattern);

    private sealed class PatternCount
    {
        public long Count { get; set; }
    }

    /// <summary>Smallest and largest value seen in one ordering, with the text they came from.</summary>
    private struct Extreme<T>
        where T : IComparable<T>
    {
        private T _min;
        private T _max;

        public string? MinText { get; private set; }

        public string? MaxText { get; private set; }

        /// <param name="text">The value's text as a string if made already; made here only when the value is kept.</param>
        public void Add(T value, ReadOnlySpan<char> chars, ref string? text)
        {
            if (MinText is null || value.CompareTo(_min) < 0)
            {
                (_min, MinText) = (value, text ??= chars.ToString());
            }

            if (MaxText is null || value.CompareTo(_max) > 0)
            {
                (_max, MaxText) = (value, text ??= chars.ToString());
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
