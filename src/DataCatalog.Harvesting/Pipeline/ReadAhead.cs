using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace DataCatalog.Harvesting.Pipeline;

/// <summary>Lets a connector extract the next datasets while the publisher saves and scores the previous ones, at most
/// a bounded number ahead: a PostgreSQL source's profiling runs in its own server while the catalog's writes and the
/// scoring run here, so on two cores the two overlap instead of taking turns.</summary>
public static class ReadAhead
{
    /// <summary>The items of <paramref name="source"/> in order, produced on another task at most <paramref name="capacity"/>
    /// ahead of the consumer. An error of the source arrives after the items before it, as the source threw it.</summary>
    public static async IAsyncEnumerable<T> AheadAsync<T>(this IAsyncEnumerable<T> source, int capacity, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ExceptionDispatchInfo? failure = null;
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(stop.Token))
                {
                    await channel.Writer.WriteAsync(item, stop.Token);
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None);

        try
        {
            while (await channel.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }

            await producer;
            failure?.Throw();
        }
        finally
        {
            // The consumer stopped early (an error, a cancellation): the producer stops too and its session is closed.
            stop.Cancel();
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
