using DataCatalog.Core.Sources;

namespace DataCatalog.Harvesting.Extract;

/// <summary>Reads one kind of department source and streams what it holds, one dataset at a time.</summary>
/// <remarks>A connector throws <see cref="SourceUnavailableException"/> (or lets an I/O exception escape) when the
/// source as a whole cannot be read; a problem confined to one dataset is returned as that dataset's
/// <see cref="ExtractedDataset.Error"/> so the other datasets still publish.</remarks>
public interface ISourceConnector
{
    /// <summary>The <see cref="SourceKind"/> this connector reads.</summary>
    string Kind { get; }

    /// <param name="source">The source definition (options, id for messages).</param>
    /// <param name="connection">The resolved connection: a connection string, a folder or a URL. Never logged.</param>
    IAsyncEnumerable<ExtractedDataset> ExtractAsync(SourceDefinition source, string connection, CancellationToken cancellationToken);
}
