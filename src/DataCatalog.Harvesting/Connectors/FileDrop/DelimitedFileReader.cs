using CsvHelper;
using DataCatalog.Core.Catalog;

namespace DataCatalog.Harvesting.Connectors.FileDrop;

/// <summary>Streams one CSV or TSV file through CsvHelper into column profiles, holding only the first rows in memory.</summary>
internal static class DelimitedFileReader
{
    public static async Task<TableRead> ReadAsync(string path, string relativePath, FileDropOptions options, CancellationToken cancellationToken)
    {
        var (head, isWholeFile) = await ReadHeadAsync(path, cancellationToken);
        if (!EncodingDetector.IsUtf16(head) && TextSniffer.Problem(head, EncodingDetector.IsDecodable(head, isWholeFile)) is { } problem)
        {
            throw new UnreadableFileException(
                $"{relativePath}: not a text file: {problem}. Fix: remove it from the drop folder, or replace it with the data saved as CSV (UTF-8 or CP949).",
                problem);
        }

        var encoding = options.Encoding ?? EncodingDetector.Detect(head, isWholeFile);
        var isTsv = Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase);
        var delimiter = options.Delimiter ?? (isTsv ? '\t' : DelimiterDetector.Detect(Decode(head, encoding, isWholeFile), isWholeFile));

        var warnings = new WarningLog(options.MaxWarnings);
        var table = new TableAccumulator(relativePath, "line", options.Header, warnings);
        var csvOptions = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = false,
            Encoding = encoding.Encoding,
            TrimWhitespace = false,
            TrackLineNumbers = true,
            PoolStrings = true,
            DetectSeparatorHint = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = m => warnings.Add(
                $"{relativePath}: line {m.LineNumber} has malformed quoting ({m.Reason}); it was read as best it could. "
                + "Fix: quote the whole field and double every quote inside it (\"a \"\"b\"\" c\")."),
        };

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (var reader = CsvReader.Create(stream, csvOptions, leaveOpen: false))
        {
            var cells = Array.Empty<string?>();
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.RawRecord.Contains((byte)0))
                {
                    // Text never holds NUL, and PostgreSQL refuses it: the file is damaged or binary past the head examined.
                    // One search of the record's bytes finds it in any field: no quoting or escape turns other bytes into NUL.
                    throw new UnreadableFileException(
                        $"{relativePath}: not a text file: line {reader.LineNumber} holds a NUL character. "
                        + "Fix: remove it from the drop folder, or re-export the data as CSV (UTF-8 or CP949).",
                        $"line {reader.LineNumber} holds a NUL character");
                }

                if (table.IsDeciding)
                {
                    // One row buffer for the header sample: the table copies what it keeps.
                    if (cells.Length != reader.FieldCount)
                    {
                        cells = new string?[reader.FieldCount];
                    }

                    for (var i = 0; i < cells.Length; i++)
                    {
                        cells[i] = reader.GetString(i);
                    }

                    table.Add(cells, reader.LineNumber);
                }
                else if (table.BeginRow(reader.FieldCount, reader.LineNumber))
                {
                    // Cells go to the profilers as the reader's UTF-8 bytes: a value seen before is never made into a string.
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        table.AddCell(i, reader.GetSpan(i));
                    }
                }
            }
        }

        var (columns, profiles) = table.Complete();
        if (columns.Count == 0)
        {
            warnings.Add($"{relativePath}: empty file");
        }

        var delimiterName = delimiter == '\t' ? "tab" : delimiter.ToString();
        var details = $"encoding={encoding.Name}; delimiter={delimiterName}; header={(table.HasHeader ? "true" : "false")}";
        var format = isTsv ? "tsv" : "csv";
        var distribution = new Distribution(format, relativePath, details);
        var read = new FileReadDetails(format, encoding.Name, delimiterName, table.HasHeader, table.HeaderCertain, [.. table.DroppedColumns]);
        return new TableRead(null, columns, profiles, table.Rows, table.RejectedRows, distribution, warnings.ToList(relativePath), read);
    }

    private static async Task<(byte[] Head, bool IsWholeFile)> ReadHeadAsync(string path, CancellationToken cancellationToken)
    {
        var buffer = new byte[EncodingDetector.SampleBytes];
        await using var stream = File.OpenRead(path);
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return (buffer[..read], read < buffer.Length);
    }

    private static string Decode(byte[] head, DetectedEncoding encoding, bool isWholeFile)
    {
        // A decoder without flush leaves a character cut at the end of the sample out instead of turning it into U+FFFD.
        var decoder = encoding.Encoding.GetDecoder();
        var chars = new char[encoding.Encoding.GetMaxCharCount(head.Length)];
        var count = decoder.GetChars(head, 0, head.Length, chars, 0, flush: isWholeFile);
        return new string(chars, 0, count);
    }
}
