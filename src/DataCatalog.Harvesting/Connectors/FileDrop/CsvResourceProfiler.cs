using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>Profiles a CSV that arrives as a stream (a portal resource) with the same reader as dropped files.</summary>
public static class CsvResourceProfiler
{
    /// <summary>Spools <paramref name="stream"/> to a private temp file (detection reads the head twice), profiles it, and deletes it.</summary>
    public static async Task<(IReadOnlyList<ColumnSnapshot> Columns, IReadOnlyList<ColumnProfile> Profiles, IReadOnlyList<string> Warnings)> ProfileAsync(
        Stream stream, string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "datacatalog-resource-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.CopyToAsync(file, cancellationToken);
            }

            try
            {
                var read = await DelimitedFileReader.ReadAsync(path, name, new FileDropOptions(null, null, null, FileDropOptions.DefaultMaxWarnings), cancellationToken);
                return (read.Columns, read.Profiles, read.Warnings);
            }
            catch (UnreadableFileException e)
            {
                // A portal's binary "CSV" is the portal's problem: the dataset's metadata still publishes, unprofiled.
                return ([], [], [$"{NulText.Clean(name)}: not a text file ({e.Problem}); not profiled."]);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
