using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>Turns a stream of rows into columns and profiles: decides the header from the first rows, then profiles
/// every row of the right width and rejects the others with their place.</summary>
/// <remarks>A file whose every line ends with the delimiter (a common export shape) has one more field per line than it
/// has columns. When the last field is empty in every sampled line, the header is decided without it; the unnamed column
/// is still profiled, and dropped at the end if it stayed empty on every row, so it never counts against completeness.
/// When only the header line ends with the delimiter, its empty last cell is ignored.</remarks>
internal sealed class TableAccumulator(string file, string placeWord, bool? forcedHeader, WarningLog warnings)
{
    /// <summary>Rows held back to decide the header.</summary>
    private const int SampleRows = 20;

    /// <summary>Rows whose cells are held as bytes and then profiled column by column: one column's tables (its tracked values,
    /// sketch and patterns) stay in the processor's cache for a whole block instead of every column's competing on every row.</summary>
    private const int BlockRows = 4096;

    /// <summary>A block is profiled early once its cells hold this many bytes, so one file of very long cells stays bounded.</summary>
    private const int BlockBytes = 4 << 20;

    private readonly List<(string?[] Cells, long Place)> _sample = [];
    private byte[][] _blockBytes = [];
    private int[][] _blockEnds = [];
    private int _blockRows;
    private int _blockSize;
    private readonly List<string> _dropped = [];
    private List<ColumnProfiler>? _profilers;
    private string[] _names = [];
    private bool _trailingCandidate;
    private bool _headerTrailingOnly;

    public bool HasHeader { get; private set; }

    /// <summary>False when the header decision was a guess; a warning then says how to override it.</summary>
    public bool HeaderCertain { get; private set; } = true;

    /// <summary>Columns left out of the table (the empty unnamed column of a trailing delimiter).</summary>
    public IReadOnlyList<string> DroppedColumns => _dropped;

    public long Rows { get; private set; }

    public long RejectedRows { get; private set; }

    /// <summary>True while the first rows are held back to decide the header: rows must then come as strings
    /// (<see cref="Add"/>); afterwards they may come cell by cell (<see cref="BeginRow"/>, <see cref="AddCell"/>).</summary>
    public bool IsDeciding => _profilers is null;

    /// <summary>Starts a row given cell by cell; false (the row counted as rejected, with a warning) when its width is wrong.</summary>
    public bool BeginRow(int width, long place)
    {
        if (width != _profilers!.Count)
        {
            Reject(width, place);
            return false;
        }

        if (_blockRows == BlockRows || _blockSize >= BlockBytes)
        {
            Flush();
        }

        Rows++;
        _blockRows++;
        return true;
    }

    /// <summary>Adds one cell of a row begun with <see cref="BeginRow"/>, as UTF-8; empty means no value. The bytes are copied.</summary>
    public void AddCell(int column, ReadOnlySpan<byte> utf8)
    {
        var ends = _blockEnds[column];
        var row = _blockRows - 1;
        var start = row == 0 ? 0 : ends[row - 1];
        var bytes = _blockBytes[column];
        if (start + utf8.Length > bytes.Length)
        {
            Array.Resize(ref _blockBytes[column], Math.Max(bytes.Length * 2, start + utf8.Length));
            bytes = _blockBytes[column];
        }

        utf8.CopyTo(bytes.AsSpan(start));
        ends[row] = start + utf8.Length;
        _blockSize += utf8.Length;
    }

    /// <param name="cells">The row's cells; null or empty for a missing value. Not kept: the caller may reuse the array.</param>
    /// <param name="place">The physical line (or sheet row) where the row starts, for messages.</param>
    public void Add(string?[] cells, long place)
    {
        if (_profilers is null)
        {
            _sample.Add(([.. cells], place));
            if (_sample.Count == SampleRows)
            {
                Decide();
            }

            return;
        }

        Profile(cells, place);
    }

    public (IReadOnlyList<ColumnSnapshot> Columns, IReadOnlyList<ColumnProfile> Profiles) Complete()
    {
        if (_profilers is null)
        {
            Decide();
        }

        Flush();
        var profiles = _profilers!.Select(p => p.Build()).ToList();
        var names = _names.ToList();
        if (_trailingCandidate && profiles.Count > 0)
        {
            var last = profiles[^1];
            var position = profiles.Count;
            if (last.Nulls + last.Empty == last.Rows)
            {
                profiles.RemoveAt(profiles.Count - 1);
                names.RemoveAt(names.Count - 1);
                _dropped.Add(names.Count == 0 ? $"column_{position}" : $"column_{position} (after '{names[^1]}')");
                warnings.Add($"{file}: every line ends with the delimiter, so the file has an unnamed column {position} that is empty on every row; "
                    + "it was dropped and does not count against completeness.");
            }
            else
            {
                warnings.Add($"{file}: the unnamed last column {position} (every sampled line ended with the delimiter) holds values on "
                    + $"{last.Rows - last.Nulls - last.Empty} rows, so it was kept as '{names[^1]}'. Fix: give it a name in the header line.");
            }
        }

        var columns = profiles.Select((p, i) => new ColumnSnapshot(
            names[i],
            i + 1,
            p.InferredType.ToString().ToLowerInvariant(),
            IsNullable: p.Nulls + p.Empty > 0)).ToList();
        return (columns, profiles);
    }

    private void Decide()
    {
        if (_sample.Count == 0)
        {
            _profilers = [];
            return;
        }

        var first = _sample[0].Cells;
        var width = first.Length;
        var lastIsBlank = width >= 2 && string.IsNullOrWhiteSpace(first[^1]);
        _trailingCandidate = lastIsBlank && _sample.All(s => s.Cells.Length == width && string.IsNullOrWhiteSpace(s.Cells[^1]));
        _headerTrailingOnly = lastIsBlank && !_trailingCandidate && _sample.Count > 1 && _sample.Skip(1).All(s => s.Cells.Length == width - 1);
        var decideOn = _trailingCandidate || _headerTrailingOnly ? width - 1 : width;
        var rows = _sample.Select((s, i) => (IReadOnlyList<string?>)(s.Cells.Length > decideOn && (_trailingCandidate || i == 0) ? s.Cells[..decideOn] : s.Cells)).ToList();

        HeaderDecision decision = forcedHeader is { } forced
            ? new HeaderDecision(forced, true, "the header option says so")
            : HeaderDetector.Decide(rows);
        HasHeader = decision.IsHeader;
        HeaderCertain = decision.Certain;
        if (!decision.Certain)
        {
            warnings.Add(decision.IsHeader
                ? $"{file}: the first line was read as the header because {decision.Reason}. If it is data, set the source option header=false."
                : $"{file}: the first line was read as data because {decision.Reason}. If it names the columns, set the source option header=true.");
        }

        if (_headerTrailingOnly)
        {
            // The header's empty last cell is only its trailing delimiter: the rows below are one field narrower.
            first = first[..decideOn];
            _sample[0] = (first, _sample[0].Place);
            warnings.Add($"{file}: the header line ends with the delimiter and the rows do not; its empty last cell was ignored.");
        }

        _names = HasHeader
            // A forced header may have blank cells; those columns still need a name.
            ? [.. first.Select((c, i) => string.IsNullOrWhiteSpace(c) ? $"column_{i + 1}" : c.Trim())]
            : [.. Enumerable.Range(1, first.Length).Select(i => $"column_{i}")];
        _profilers = [.. _names.Select(n => new ColumnProfiler(n))];
        _blockBytes = [.. _names.Select(_ => new byte[BlockRows * 16])];
        _blockEnds = [.. _names.Select(_ => new int[BlockRows])];
        foreach (var (cells, place) in _sample.Skip(HasHeader ? 1 : 0))
        {
            Profile(cells, place);
        }

        _sample.Clear();
    }

    private void Profile(string?[] cells, long place)
    {
        if (cells.Length != _profilers!.Count)
        {
            Reject(cells.Length, place);
            return;
        }

        if (_blockRows > 0)
        {
            // Cells reach each profiler in row order.
            Flush();
        }

        Rows++;
        for (var column = 0; column < cells.Length; column++)
        {
            // An empty cell is the file's way of saying "no value"; blanks (spaces) stay values the profiler counts as empty.
            var cell = cells[column];
            _profilers[column].Add(string.IsNullOrEmpty(cell) ? null : cell);
        }
    }

    /// <summary>Profiles the block's cells, column by column, in row order.</summary>
    private void Flush()
    {
        for (var column = 0; column < _profilers!.Count; column++)
        {
            var profiler = _profilers[column];
            var bytes = _blockBytes[column];
            var ends = _blockEnds[column];
            var start = 0;
            for (var row = 0; row < _blockRows; row++)
            {
                var end = ends[row];
                if (end == start)
                {
                    // An empty cell is the file's way of saying "no value"; blanks (spaces) stay values the profiler counts as empty.
                    profiler.Add((string?)null);
                }
                else
                {
                    profiler.Add(bytes.AsSpan(start, end - start));
                }

                start = end;
            }
        }

        _blockRows = 0;
        _blockSize = 0;
    }

    private void Reject(int width, long place)
    {
        RejectedRows++;
        warnings.Add($"{file}: {placeWord} {place} has {width} fields, expected {_profilers!.Count}");
    }
}
