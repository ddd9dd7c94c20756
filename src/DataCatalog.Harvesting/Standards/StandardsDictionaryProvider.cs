using DataCatalog.Core.Standards;

namespace DataCatalog.Harvesting.Standards;

/// <summary>The active dictionary's checker, built once from the database and rebuilt when a newer edition appears (imported
/// here, by the CLI beside a serving catalog, or by another node).</summary>
/// <remarks>Each call costs one <c>max(id)</c> query; the checker itself (indexes over ~9,000 terms) is built only when that
/// changes. Register as a singleton.</remarks>
public sealed class StandardsDictionaryProvider : IStandardTermCheckerSource
{
    private readonly StandardDictionaryStore _store;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Cached? _current;

    public StandardsDictionaryProvider(StandardDictionaryStore store)
    {
        _store = store;
        _store.EditionImported += () => _current = null;
    }

    /// <summary>The checker of the active dictionary (empty when no edition was imported: every name is then non-standard).</summary>
    public async Task<IStandardTermChecker> GetCheckerAsync(CancellationToken cancellationToken) => await GetAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IStandardTermChecker?> GetCheckerOrNullAsync(CancellationToken cancellationToken) =>
        await _store.LatestVersionAsync(cancellationToken) == 0 ? null : await GetAsync(cancellationToken);

    /// <summary>The active dictionary itself, for lookups.</summary>
    public async Task<StandardTermChecker> GetAsync(CancellationToken cancellationToken)
    {
        var version = await _store.LatestVersionAsync(cancellationToken);
        if (_current is { } current && current.Version == version)
        {
            return current.Checker;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && again.Version == version)
            {
                return again.Checker;
            }

            var (dictionary, loaded) = await _store.LoadActiveAsync(cancellationToken);
            var checker = new StandardTermChecker(dictionary);
            _current = new Cached(checker, loaded);
            return checker;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Held as one reference so a reader never sees a checker with another version's number.</summary>
    private sealed record Cached(StandardTermChecker Checker, int Version);
}
