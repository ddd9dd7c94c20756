using GraphQL;
using GraphQL.DataLoader;

namespace DataCatalog.Api.Batching;

/// <summary>One named loader: deduplicated keys, one fetch per batch, results cached for the scope.</summary>
internal sealed class BatchLoader<TKey, TResult>(
    Func<IReadOnlyCollection<TKey>, CancellationToken, Task<Func<TKey, TResult>>> fetch)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, TaskCompletionSource<TResult>> _results = [];
    private List<TKey> _pending = [];

    public IDataLoaderResult<TResult> Load(TKey key)
    {
        lock (_gate)
        {
            if (!_results.TryGetValue(key, out var result))
            {
                result = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                _results.Add(key, result);
                _pending.Add(key);
            }

            return new PendingResult(this, result.Task);
        }
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        List<TKey> batch;
        List<TaskCompletionSource<TResult>> waiting;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                // Another result already took this batch; its fetch completes ours.
                return;
            }

            batch = _pending;
            _pending = [];
            waiting = batch.ConvertAll(key => _results[key]);
        }

        try
        {
            var select = await fetch(batch, cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                waiting[i].TrySetResult(select(batch[i]));
            }
        }
#pragma warning disable CA1031 // The exception is handed to every waiting result, which rethrows it to its resolver.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var result in waiting)
            {
                result.TrySetException(ex);
            }
        }
    }

    private sealed class PendingResult(BatchLoader<TKey, TResult> loader, Task<TResult> result) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default)
        {
            if (!result.IsCompleted)
            {
                await loader.DispatchAsync(cancellationToken);
            }

            try
            {
                return await result;
            }
            catch (ExecutionError shared)
            {
                // GraphQL.NET writes the failing field's path into the ExecutionError it catches; one instance
                // shared by every waiting field would end up naming only the last of them.
                var copy = new ExecutionError(shared.Message, shared) { Code = shared.Code, Extensions = shared.Extensions };
                foreach (var key in shared.Data.Keys)
                {
                    copy.Data[key] = shared.Data[key];
                }

                throw copy;
            }
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken)
            => await GetResultAsync(cancellationToken);
    }
}
