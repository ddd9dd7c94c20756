namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>Warnings of one dataset, capped so a broken million-row file does not flood the catalog.</summary>
internal sealed class WarningLog(int max)
{
    private readonly List<string> _lines = [];
    private long _suppressed;

    public void Add(string warning)
    {
        if (_lines.Count < max)
        {
            _lines.Add(warning);
        }
        else
        {
            _suppressed++;
        }
    }

    public IReadOnlyList<string> ToList(string file) =>
        _suppressed == 0 ? [.. _lines] : [.. _lines, $"{file}: {_suppressed} more warnings not shown (maxWarnings = {max})"];
}
