using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsvHelper;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.FileDrop;

namespace DataCatalog.Benchmarks;

/// <summary>The <c>filedrop</c> verb: throughput and memory of the file-drop connector over one large CP949 CSV, beside a
/// plain CsvHelper read of the same file (the reference: the least any CSV profiler must do).</summary>
internal static class FileDropBenchmark
{
    private static readonly string[] Districts = ["중구", "종로구", "용산구", "성동구", "마포구", "강남구", "송파구", "노원구"];

    public static async Task<int> RunAsync(string[] args)
    {
        var megabytes = 200;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--mb" && i + 1 < args.Length && int.TryParse(args[i + 1], out var mb) && mb > 0)
            {
                megabytes = mb;
                i++;
            }
            else
            {
                Console.Error.WriteLine($"filedrop: unknown argument '{args[i]}'. Usage: filedrop [--mb 200]");
                return 2;
            }
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var root = Path.Combine(Path.GetTempPath(), "filedrop-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var path = Path.Combine(root, "parking-history.csv");
            var generate = Stopwatch.StartNew();
            var (rows, ragged) = await GenerateAsync(path, megabytes * 1024L * 1024L);
            var bytes = new FileInfo(path).Length;
            Console.WriteLine($"generated  {bytes / 1048576d:F1} MB CP949, {rows:N0} rows ({ragged:N0} ragged) in {generate.Elapsed.TotalSeconds:F1} s");

            // The reference first: it also brings the file into the page cache for both runs alike.
            GC.Collect();
            var (plainCpu, plainWall, plainRecords, plainFields) = await PlainReadAsync(path);
            Console.WriteLine($"reference  plain CsvHelper read, every field as a string: {plainRecords:N0} records, {plainFields:N0} fields; "
                + $"{plainWall:F2} s wall, {plainCpu:F2} s CPU");

            GC.Collect();
            var workingSetBeforeRun = MemorySampler.PeakWorkingSetBytes();
            using var sampler = new MemorySampler(TimeSpan.FromMilliseconds(20));
            var source = new SourceDefinition("bench-drop", "transport", SourceKind.FileDrop, "bench", "BENCH_DROP", "0 0 2 * * ?");
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var run = Stopwatch.StartNew();
            long readRows = 0, rejected = 0, columns = 0;
            string? format = null;
            await foreach (var dataset in new FileDropConnector().ExtractAsync(source, root, CancellationToken.None))
            {
                if (dataset.Error is not null)
                {
                    Console.Error.WriteLine(dataset.Error);
                    return 1;
                }

                readRows += dataset.Snapshot!.RowCount ?? 0;
                rejected += dataset.RejectedRows;
                columns += dataset.Snapshot.Columns.Count;
                format = dataset.Snapshot.Metadata.Distributions[0].Title;
            }

            run.Stop();
            sampler.Sample();
            var seconds = run.Elapsed.TotalSeconds;
            // On a shared machine wall time includes waiting for a core; CPU time is the steadier figure.
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            Console.WriteLine($"read       {readRows:N0} rows + {rejected:N0} rejected, {columns} columns ({format})");
            Console.WriteLine($"connector  {seconds:F2} s wall = {bytes / 1048576d / seconds:F1} MB/s, {(readRows + rejected) / seconds:N0} rows/s; "
                + $"{cpuSeconds:F2} s CPU = {bytes / 1048576d / cpuSeconds:F1} MB per CPU-second");
            Console.WriteLine($"ratio      connector / plain read: {cpuSeconds / plainCpu:F2}x CPU ({seconds / plainWall:F2}x wall)");
            Console.WriteLine($"memory     peak managed heap {sampler.PeakHeapBytes / 1048576d:F1} MB (sampled every 20 ms); "
                + $"peak working set {MemorySampler.PeakWorkingSetBytes() / 1048576d:F1} MB (before the run: {workingSetBeforeRun / 1048576d:F1} MB)");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Reads the file with the connector's CsvHelper options (DelimitedFileReader) and takes every field as a string,
    /// doing nothing else; returns its CPU and wall seconds.</summary>
    private static async Task<(double Cpu, double Wall, long Records, long Fields)> PlainReadAsync(string path)
    {
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            Encoding = Encoding.GetEncoding(949),
            TrimWhitespace = false,
            TrackLineNumbers = true,
            PoolStrings = true,
            DetectSeparatorHint = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Recover,
        };
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long records = 0, fields = 0, characters = 0;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (var reader = CsvReader.Create(stream, options, leaveOpen: false))
        {
            while (await reader.ReadAsync(CancellationToken.None))
            {
                records++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    // The connector keeps every cell as a string, so the reference makes each one too.
                    characters += reader.GetString(i)?.Length ?? 0;
                    fields++;
                }
            }
        }

        wall.Stop();
        GC.KeepAlive(characters);
        return ((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, wall.Elapsed.TotalSeconds, records, fields);
    }

    /// <summary>Writes mixed Korean public-data columns until the file reaches <paramref name="targetBytes"/>; one row in
    /// 10,000 has an extra field so the ragged-row path is measured too.</summary>
    internal static async Task<(long Rows, long Ragged)> GenerateAsync(string path, long targetBytes)
    {
        var random = new Random(42);
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        await using var writer = new StreamWriter(stream, Encoding.GetEncoding(949), 1 << 16);
        await writer.WriteAsync("주차장코드,주차장명,주소,전화번호,주차면수,기본요금,기준일자,개방여부,위도,경도,비고\r\n");
        long rows = 0, ragged = 0;
        var line = new StringBuilder(256);
        while (stream.Length < targetBytes)
        {
            for (var batch = 0; batch < 1000; batch++)
            {
                rows++;
                var district = Districts[random.Next(Districts.Length)];
                var date = new DateOnly(2015, 1, 1).AddDays(random.Next(3650));
                line.Clear()
                    .Append(CultureInfo.InvariantCulture, $"{1_000_000 + (rows % 50_000)},")
                    .Append(CultureInfo.InvariantCulture, $"{district} 공영주차장 {rows % 5_000},")
                    .Append(CultureInfo.InvariantCulture, $"\"서울특별시 {district} 세종대로 {random.Next(1, 400)}, {random.Next(1, 20)}층\",")
                    .Append(CultureInfo.InvariantCulture, $"02-{random.Next(100, 10_000)}-{random.Next(1000, 10_000)},")
                    .Append(CultureInfo.InvariantCulture, $"{random.Next(10, 1_500)},")
                    .Append(CultureInfo.InvariantCulture, $"{random.Next(1, 60) * 100}.{random.Next(0, 100):D2},")
                    .Append(CultureInfo.InvariantCulture, $"{date:yyyyMMdd},")
                    .Append(random.Next(10) == 0 ? "N," : "Y,")
                    .Append(CultureInfo.InvariantCulture, $"{37.4 + random.NextDouble() * 0.3:F6},{126.8 + random.NextDouble() * 0.4:F6},")
                    .Append(random.Next(20) == 0 ? "\"야간 \"\"무료\"\"\r\n주말 개방\"" : string.Empty);
                if (rows % 10_000 == 0)
                {
                    ragged++;
                    line.Append(",초과필드");
                }

                await writer.WriteAsync(line.Append("\r\n"));
            }

            await writer.FlushAsync();
        }

        return (rows, ragged);
    }
}
