using System.Globalization;
using DataCatalog.Core.Catalog;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Harvesting.Connectors.OpenData;

/// <summary>Downloads a dataset's CSV distributions, bounded in size and through <see cref="ResourceDownloader"/>'s host and
/// address checks, and passes each to the profiling hook.</summary>
internal sealed class CsvResourceReader(
    ResourceDownloader portal,
    Func<Stream, string, CancellationToken, Task<(IReadOnlyList<ColumnSnapshot> Columns, IReadOnlyList<ColumnProfile> Profiles, IReadOnlyList<string> Warnings)>>? hook,
    bool enabled,
    long maxBytes)
{
    private static readonly (IReadOnlyList<ColumnSnapshot>, IReadOnlyList<ColumnProfile>, IReadOnlyList<string>) Nothing = ([], [], []);

    public async Task<(IReadOnlyList<ColumnSnapshot> Columns, IReadOnlyList<ColumnProfile> Profiles, IReadOnlyList<string> Warnings)> ReadAsync(
        string dataset, IReadOnlyList<Distribution> distributions, CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            return Nothing;
        }

        var csvs = distributions
            .Where(d => string.Equals(d.Format?.Trim(), "CSV", StringComparison.OrdinalIgnoreCase) && d.Url is not null)
            .ToArray();
        if (csvs.Length == 0)
        {
            return Nothing;
        }

        if (hook is null)
        {
            return ([], [], [$"Dataset '{dataset}': option profileCsv is true but no CSV reader is installed in this harvester; columns were not read."]);
        }

        var columns = new List<ColumnSnapshot>();
        var profiles = new List<ColumnProfile>();
        var warnings = new List<string>();
        for (var i = 0; i < csvs.Length; i++)
        {
            var resourceName = csvs[i].Title ?? $"resource {i + 1}";
            var read = await ReadOneAsync(dataset, resourceName, csvs[i].Url!, warnings, cancellationToken);
            if (read is not { } result)
            {
                continue;
            }

            // One snapshot holds one column list: with several CSV files, each column is named after its file to stay unique.
            var prefix = csvs.Length == 1 ? string.Empty : resourceName + "/";
            foreach (var column in result.Columns)
            {
                columns.Add(column with { Name = prefix + column.Name, Ordinal = columns.Count + 1 });
            }

            profiles.AddRange(result.Profiles.Select(p => p with { Column = prefix + p.Column }));
            warnings.AddRange(result.Warnings.Select(w => $"{resourceName}: {w}"));
        }

        return (columns, profiles, warnings);
    }

    private async Task<(IReadOnlyList<ColumnSnapshot> Columns, IReadOnlyList<ColumnProfile> Profiles, IReadOnlyList<string> Warnings)?> ReadOneAsync(
        string dataset, string resourceName, string url, List<string> warnings, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            warnings.Add($"Dataset '{dataset}', resource '{resourceName}': the URL is not absolute; not profiled.");
            return null;
        }

        try
        {
            using var response = await portal.GetAsync(uri, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                warnings.Add($"Dataset '{dataset}', resource '{resourceName}': GET {UrlRedactor.Redact(uri)} answered HTTP {(int)response.StatusCode}; not profiled.");
                return null;
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                warnings.Add(TooLarge(dataset, resourceName, response.Content.Headers.ContentLength.Value));
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var bounded = new BoundedReadStream(body, maxBytes);
            return await hook!(bounded, resourceName, cancellationToken);
        }
        catch (ResourceRefusedException ex)
        {
            warnings.Add($"Dataset '{dataset}', resource '{resourceName}': GET {UrlRedactor.Redact(uri)} refused: {ex.Message}; not profiled. Fix: {ex.Fix}");
            return null;
        }
        catch (ResourceTooLargeException)
        {
            warnings.Add(TooLarge(dataset, resourceName, null));
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            warnings.Add($"Dataset '{dataset}', resource '{resourceName}': download timed out after {portal.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; not profiled.");
            return null;
        }
        catch (HttpRequestException ex)
        {
            warnings.Add($"Dataset '{dataset}', resource '{resourceName}': download failed ({ex.HttpRequestError}); not profiled.");
            return null;
        }
    }

    private string TooLarge(string dataset, string resourceName, long? size) =>
        $"Dataset '{dataset}', resource '{resourceName}' is larger than maxCsvBytes ({maxBytes.ToString(CultureInfo.InvariantCulture)} bytes" +
        (size is null ? ")" : $"; it declares {size.Value.ToString(CultureInfo.InvariantCulture)})") +
        "; not profiled. Fix: raise the source option 'maxCsvBytes' if the file should be profiled.";
}

/// <summary>Thrown by <see cref="BoundedReadStream"/> when a download outgrows its limit.</summary>
internal sealed class ResourceTooLargeException() : IOException("The resource is larger than its size limit.");

/// <summary>A read-only view of a stream that fails once more than a set number of bytes has been read.</summary>
internal sealed class BoundedReadStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw new ResourceTooLargeException() : read;
    }
}
