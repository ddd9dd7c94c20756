using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>Turns a stream of rows into columns and profiles: decides the header from the first rows, then profiles
/// every row of the right width and rejects the others with their place.</summary>
internal sealed class TableAccumulator(string file, string placeWord, bool? forcedHeader, WarningLog warnings)
{
    /// <summary>Rows held back to decide the header; the only rows ever buffered.</summary>
    private const int SampleRows = 20;

    private readonly List<(string?[] Cells, long Place)> _sample = [];
    private List<ColumnProfiler>? _profilers;
    private string[] _names = [];

    public bool HasHeader { get; private set; }

    public long Rows { get; private set; }

    public long RejectedRows { get; private set; }

    /// <param name="cells">The row's cells; null or empty for a missing value.</param>
    /// <param name="place">The physical line (or sheet row) where the row starts, for messages.</param>
    public void Add(string?[] cells, long place)
    {
        if (_profilers is null)
        {
            _sample.Add((cells, place));
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

        var profiles = _profilers!.Select(p => p.Build()).ToList();
        var columns = profiles.Select((p, i) => new ColumnSnapshot(
            _names[i],
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

        HasHeader = forcedHeader ?? HeaderDetector.LooksLikeHeader(_sample.Select(s => (IReadOnlyList<string?>)s.Cells).ToList());
        var first = _sample[0].Cells;
        _names = HasHeader
            // A forced header may have blank cells; those columns still need a name.
            ? [.. first.Select((c, i) => string.IsNullOrWhiteSpace(c) ? $"column_{i + 1}" : c.Trim())]
            : [.. Enumerable.Range(1, first.Length).Select(i => $"column_{i}")];
        _profilers = [.. _names.Select(n => new ColumnProfiler(n))];
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
            RejectedRows++;
            warnings.Add($"{file}: {placeWord} {place} has {cells.Length} fields, expected {_profilers.Count}");
            return;
        }

        Rows++;
        for (var i = 0; i < cells.Length; i++)
        {
            // An empty cell is the file's way of saying "no value"; blanks (spaces) stay values the profiler counts as empty.
            var cell = cells[i];
            _profilers[i].Add(string.IsNullOrEmpty(cell) ? null : cell);
        }
    }
}
