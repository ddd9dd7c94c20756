using System.Diagnostics;
using System.Runtime;
using System.Text;
using DataCatalog.Core.Sources;
using DataCatalog.Harvesting.Connectors.FileDrop;

namespace DataCatalog.Benchmarks;

/// <summary>CPU seconds per file-drop extraction when runs go one at a time, and when two run at once in one process
/// (what <c>Harvest:MaxConcurrentHarvests = 2</c> does), under the GC mode the process was started with.</summary>
internal static class ConcurrentHarvestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var megabytes = 20;
        var runs = 4;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!int.TryParse(args[i + 1], out var value) || value <= 0 || args[i] is not ("--mb" or "--runs"))
            {
                Console.Error.WriteLine($"concurrent: unknown argument '{args[i]}'. Usage: concurrent [--mb 20] [--runs 4]");
                return 2;
            }

            (megabytes, runs) = args[i] == "--mb" ? (value, runs) : (megabytes, value);
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var root = Path.Combine(Path.GetTempPath(), "concurrent-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            await FileDropBenchmark.GenerateAsync(Path.Combine(root, "parking-history.csv"), megabytes * 1024L * 1024L);
            Console.WriteLine($"GC         server={GCSettings.IsServerGC}, latency={GCSettings.LatencyMode}, {Environment.ProcessorCount} cores, {megabytes} MB per run");
            await ExtractAsync(root); // warm-up: JIT and tiering
            var (oneWall, oneCpu) = await MeasureAsync(() => Sequential(root, runs));
            var (twoWall, twoCpu) = await MeasureAsync(() => Parallel(root, runs));
            Console.WriteLine($"one at a time  {oneCpu / runs:F2} s CPU per run, {oneWall / runs:F2} s wall per run");
            Console.WriteLine($"two at once    {twoCpu / runs:F2} s CPU per run, {twoWall / runs:F2} s wall per run; CPU per run ×{twoCpu / oneCpu:F2}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task Sequential(string root, int runs)
    {
        for (var i = 0; i < runs; i++)
        {
            await ExtractAsync(root);
        }
    }

    private static Task Parallel(string root, int runs) => Task.WhenAll(
        Task.Run(() => Sequential(root, runs / 2)),
        Task.Run(() => Sequential(root, runs - runs / 2)));

    private static async Task<(double Wall, double Cpu)> MeasureAsync(Func<Task> work)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await work();
        return (wall.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    private static async Task ExtractAsync(string root)
    {
        var source = new SourceDefinition("bench-drop", "transport", SourceKind.FileDrop, "bench", "BENCH_DROP", "0 0 2 * * ?");
        await foreach (var dataset in new FileDropConnector().ExtractAsync(source, root, CancellationToken.None))
        {
            if (dataset.Error is not null)
            {
                throw new InvalidOperationException(dataset.Error);
            }
        }
    }
}
