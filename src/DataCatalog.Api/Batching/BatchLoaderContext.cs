using System.Collections.Concurrent;
using GraphQL.DataLoader;

namespace DataCatalog.Api.Batching;

/// <summary>
/// Per-request registry of named batch loaders: resolvers queue keys, and the first awaited result
/// of a loader fetches every key queued so far in one call. Register it as a scoped service.
/// </summary>
public sealed class BatchLoaderContext
{
    private readonly ConcurrentDictionary<string, object> _loaders = new(StringComparer.Ordinal);

    /// <summary>
    /// Queues <paramref name="key"/> for a one-to-one load; a key absent from the fetched dictionary yields default.
    /// The <paramref name="fetch"/> passed by the first call for <paramref name="loaderName"/> is the one used.
    /// </summary>
    public IDataLoaderResult<TValue?> Load<TKey, TValue>(
        string loaderName,
        TKey key,
        Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IDictionary<TKey, TValue>>> fetch)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(fetch);
        return GetLoader<TKey, TValue?>(loaderName, async (keys, cancellationToken) =>
        {
            var values = await fetch(keys, cancellationToken);
            return key => values.TryGetValue(key, out var value) ? value : default;
        }).Load(key);
    }

    /// <summary>
    /// Queues <paramref name="key"/> for a one-to-many load; a key absent from the fetched lookup yields an empty sequence.
    /// The <paramref name="fetch"/> passed by the first call for <paramref name="loaderName"/> is the one used.
    /// </summary>
    public IDataLoaderResult<IEnumerable<TValue>> LoadMany<TKey, TValue>(
        string loaderName,
        TKey key,
        Func<IReadOnlyCollection<TKey>, CancellationToken, Task<ILookup<TKey, TValue>>> fetch)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(fetch);
        return GetLoader<TKey, IEnumerable<TValue>>(loaderName, async (keys, cancellationToken) =>
        {
            var values = await fetch(keys, cancellationToken);
            return key => values[key].ToArray();
        }).Load(key);
    }

    private BatchLoader<TKey, TResult> GetLoader<TKey, TResult>(
        string loaderName, Func<IReadOnlyCollection<TKey>, CancellationToken, Task<Func<TKey, TResult>>> fetch)
        where TKey : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(loaderName);
        var loader = _loaders.GetOrAdd(loaderName, _ => new BatchLoader<TKey, TResult>(fetch));
        return loader as BatchLoader<TKey, TResult>
            ?? throw new InvalidOperationException(
                $"Batch loader '{loaderName}' was first used with other key or value types; give each loader its own name.");
    }
}
