using System.Diagnostics;

namespace DataCatalog.Benchmarks;

/// <summary>Samples the managed heap size on a timer, since a forced collection at the end only shows what survived.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peakHeapBytes;

    public MemorySampler(TimeSpan interval) => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, interval);

    public long PeakHeapBytes => Interlocked.Read(ref _peakHeapBytes);

    public static long PeakWorkingSetBytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    public void Sample()
    {
        var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
        long seen;
        while (heap > (seen = Interlocked.Read(ref _peakHeapBytes)) && Interlocked.CompareExchange(ref _peakHeapBytes, heap, seen) != seen)
        {
        }
    }

    public void Dispose() => _timer.Dispose();
}
