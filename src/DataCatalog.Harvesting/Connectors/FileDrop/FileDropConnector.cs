using System.Runtime.CompilerServices;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Extract;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>Harvests a department's drop folder: every .csv, .tsv and .xlsx under it becomes a profiled file dataset.</summary>
/// <remarks>The connection is the drop root. Files are read in order of their relative path, one at a time and streamed, so
/// memory does not grow with file size. Format details (encoding, delimiter, header) are recorded as the dataset's
/// distribution title, such as <c>encoding=CP949; delimiter=,; header=true</c>, and in full (with the header decision's
/// certainty and dropped columns) as the snapshot's <see cref="FileReadDetails"/>. A file that is not text fails alone
/// with its own error, and no string that leaves the connector holds a NUL character.</remarks>
public sealed class FileDropConnector : ISourceConnector
{
    public string Kind => SourceKind.FileDrop;

    public async IAsyncEnumerable<ExtractedDataset> ExtractAsync(
        SourceDefinition source, string connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var options = FileDropOptions.From(source);
        if (!Directory.Exists(connection))
        {
            throw new SourceUnavailableException(
                $"Source '{source.Id}': the drop folder '{connection}' does not exist or is not a folder. "
                + $"Fix: create it or mount the share, or point '{source.ConnectionRef}' at the drop root.");
        }

        foreach (var entry in DropFolderWalker.Walk(connection))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.Refusal is not null)
            {
                yield return NulFree(ExtractedDataset.Failed(entry.RelativePath, entry.Refusal));
                continue;
            }

            foreach (var dataset in await ReadAsync(entry, options, cancellationToken))
            {
                // No NUL leaves the connector: PostgreSQL text cannot hold it, and one would fail the whole run's publish.
                yield return NulFree(dataset);
            }
        }
    }

    private static async Task<IReadOnlyList<ExtractedDataset>> ReadAsync(DropEntry entry, FileDropOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var (metadata, sidecarWarnings) = await SidecarReader.ReadAsync(entry.SidecarPath, entry.RelativePath, cancellationToken);
            if (entry.SidecarRefusal is not null)
            {
                sidecarWarnings = [entry.SidecarRefusal, .. sidecarWarnings];
            }

            metadata = metadata with { Modified = File.GetLastWriteTimeUtc(entry.FullPath) };
            var tables = entry.RelativePath.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
                // ExcelDataReader has no asynchronous API; the workbook is still streamed row by row.
                ? XlsxFileReader.Read(entry.FullPath, entry.RelativePath, options, cancellationToken)
                : [await DelimitedFileReader.ReadAsync(entry.FullPath, entry.RelativePath, options, cancellationToken)];
            return [.. tables.Select((table, i) => ToDataset(entry, table, i, metadata, sidecarWarnings))];
        }
        catch (UnreadableFileException e)
        {
            return [ExtractedDataset.Failed(entry.RelativePath, e.Message)];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One unreadable file (locked, corrupt workbook) must not stop the rest of the drop from publishing.
            return [ExtractedDataset.Failed(entry.RelativePath,
                $"{entry.RelativePath}: could not be read ({e.GetType().Name}: {e.Message}). "
                + "Fix: check that the file is complete and not open in another program, then drop it again.")];
        }
    }

    private static ExtractedDataset ToDataset(DropEntry entry, TableRead table, int index, DatasetMetadata metadata, IReadOnlyList<string> sidecarWarnings)
    {
        // The first sheet keeps the file's own name so that adding sheets later does not rename the dataset.
        var name = index == 0 ? entry.RelativePath : $"{entry.RelativePath}#{table.Sheet}";
        var snapshot = new DatasetSnapshot(name, DatasetKind.File, table.Columns,
            metadata with { Distributions = [table.Distribution] }, table.Rows, table.Details);
        return new ExtractedDataset(name, snapshot, table.Profiles, null, [.. sidecarWarnings, .. table.Warnings], table.RejectedRows);
    }

    private static ExtractedDataset NulFree(ExtractedDataset dataset) => CatalogText.Map(dataset, NulText.Clean);
}
