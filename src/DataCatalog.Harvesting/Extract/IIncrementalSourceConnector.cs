using DataCatalog.Core.Sources;

namespace DataCatalog.Harvesting.Extract;

/// <summary>A connector that can tell, before profiling, that a dataset's data has not changed since the last harvest.</summary>
public interface IIncrementalSourceConnector : ISourceConnector
{
    /// <param name="previousTokens">Published <see cref="ExtractedDataset.ChangeToken"/> per qualified name; a dataset whose
    /// token is unchanged comes back with <see cref="ExtractedDataset.ProfilesReused"/> set and no profiles.</param>
    IAsyncEnumerable<ExtractedDataset> ExtractAsync(
        SourceDefinition source, string connection, IReadOnlyDictionary<string, string> previousTokens, CancellationToken cancellationToken);
}
