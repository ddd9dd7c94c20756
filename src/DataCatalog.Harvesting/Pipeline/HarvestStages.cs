using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace DataCatalog.Harvesting.Pipeline;

/// <summary>Wall time spent per harvest stage in this process, summed over runs: what the benchmark prints to show
/// where a harvest's time goes. Two long additions per measured block, so it stays on in production.</summary>
public static class HarvestStages
{
    private static readonly ConcurrentDictionary<string, long> Ticks = new(StringComparer.Ordinal);

    /// <summary>Starts timing <paramref name="stage"/>; the time is added when the result is disposed.</summary>
    public static Stage Measure(string stage) => new(stage, Stopwatch.GetTimestamp());

    /// <summary>Time per stage since the last <see cref="Reset"/>, by stage name.</summary>
    public static IReadOnlyList<KeyValuePair<string, TimeSpan>> Snapshot() =>
        Ticks.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => KeyValuePair.Create(t.Key, Stopwatch.GetElapsedTime(0, t.Value))).ToList();

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

    public static void Reset() => Ticks.Clear();

    /// <summary>A running measurement.</summary>
    public readonly struct Stage(string stage, long started) : IDisposable
    {
        public void Dispose()
        {
            var elapsed = Stopwatch.GetTimestamp() - started;
            Ticks.AddOrUpdate(stage, elapsed, (_, total) => total + elapsed);
        }
    }
}
