using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace DataCatalog.Harvesting.Pipeline;

/// <summary>Wall time and process CPU spent per harvest stage in this process, summed over runs: what the benchmark
/// prints to show where a harvest's time goes. A clock read and a CPU-time read per measured block (a few per batch),
/// so it stays on in production.</summary>
/// <remarks>Process CPU counts every thread: while the connector reads ahead, a stage's CPU includes what the
/// extraction did at the same time.</remarks>
public static class HarvestStages
{
    private static readonly ConcurrentDictionary<string, (long Wall, TimeSpan Cpu)> Totals = new(StringComparer.Ordinal);

    /// <summary>Starts timing <paramref name="stage"/>; the time is added when the result is disposed.</summary>
    public static Stage Measure(string stage) => new(stage, Stopwatch.GetTimestamp(), Cpu());

    /// <summary>Wall time and process CPU per stage since the last <see cref="Reset"/>, by stage name.</summary>
    public static IReadOnlyList<(string Stage, TimeSpan Wall, TimeSpan Cpu)> Snapshot() =>
        Totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, Stopwatch.GetElapsedTime(0, t.Value.Wall), t.Value.Cpu)).ToList();

    /// <summary>The items of <paramref name="items"/>, the time spent producing them counted under <paramref name="stage"/>.</summary>
    public static async IAsyncEnumerable<T> Timed<T>(IAsyncEnumerable<T> items, string stage, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var enumerator = items.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            using (Measure(stage))
            {
                more = await enumerator.MoveNextAsync();
            }

            if (!more)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }

    public static void Reset() => Totals.Clear();

    // getrusage, not /proc: cheap enough to read once per dataset.
    private static TimeSpan Cpu() => Environment.CpuUsage.TotalTime;

    /// <summary>A running measurement.</summary>
    public readonly struct Stage(string stage, long started, TimeSpan cpu) : IDisposable
    {
        public void Dispose()
        {
            var wall = Stopwatch.GetTimestamp() - started;
            var used = Cpu() - cpu;
            Totals.AddOrUpdate(stage, (wall, used), (_, total) => (total.Wall + wall, total.Cpu + used));
        }
    }
}
