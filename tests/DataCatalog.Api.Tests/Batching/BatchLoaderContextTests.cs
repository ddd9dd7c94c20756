using DataCatalog.Api.Batching;

namespace DataCatalog.Api.Tests.Batching;

public sealed class BatchLoaderContextTests
{
    private readonly List<int[]> _fetches = [];

    [Fact]
    public async Task Keys_queued_before_the_first_await_are_fetched_in_one_call_without_duplicates()
    {
        var loaders = new BatchLoaderContext();

        var results = new[] { 3, 1, 3, 2, 1 }.Select(key => loaders.Load<int, string>("names", key, FetchNamesAsync)).ToArray();
        var values = new List<string?>();
        foreach (var result in results)
        {
            values.Add(await result.GetResultAsync());
        }

        Assert.Equal(["n3", "n1", "n3", "n2", "n1"], values);
        Assert.Equal([3, 1, 2], Assert.Single(_fetches));
    }

    [Fact]
    public async Task A_key_already_loaded_in_the_scope_is_served_from_cache()
    {
        var loaders = new BatchLoaderContext();
        await loaders.Load<int, string>("names", 1, FetchNamesAsync).GetResultAsync();

        var again = await loaders.Load<int, string>("names", 1, FetchNamesAsync).GetResultAsync();
        var other = await loaders.Load<int, string>("names", 2, FetchNamesAsync).GetResultAsync();

        Assert.Equal("n1", again);
        Assert.Equal("n2", other);
        Assert.Equal([[1], [2]], _fetches);
    }

    [Fact]
    public async Task A_key_missing_from_the_fetch_yields_default_or_an_empty_sequence()
    {
        var loaders = new BatchLoaderContext();

        var single = loaders.Load<int, string>("names", 99, (_, _) => Task.FromResult<IDictionary<int, string>>(new Dictionary<int, string>()));
        var many = loaders.LoadMany<int, string>("tags", 99, (_, _) => Task.FromResult(Array.Empty<string>().ToLookup(_ => 0)));

        Assert.Null(await single.GetResultAsync());
        Assert.Empty(await many.GetResultAsync());
    }

    [Fact]
    public async Task An_exception_in_fetch_reaches_every_waiting_result()
    {
        var loaders = new BatchLoaderContext();
        var failure = new InvalidOperationException("store down");
        var calls = 0;
        var results = Enumerable.Range(0, 4)
            .Select(key => loaders.LoadMany<int, string>("tags", key, (_, _) =>
            {
                calls++;
                return Task.FromException<ILookup<int, string>>(failure);
            }))
            .ToArray();

        foreach (var result in results)
        {
            Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => result.GetResultAsync()));
        }

        Assert.Equal(1, calls);
    }

    [Fact]
    public void Reusing_a_loader_name_with_other_types_is_refused()
    {
        var loaders = new BatchLoaderContext();
        loaders.Load<int, string>("names", 1, FetchNamesAsync);

        var error = Assert.Throws<InvalidOperationException>(() =>
            loaders.Load<string, string>("names", "1", (_, _) => Task.FromResult<IDictionary<string, string>>(new Dictionary<string, string>())));
        Assert.Contains("'names'", error.Message, StringComparison.Ordinal);
    }

    private async Task<IDictionary<int, string>> FetchNamesAsync(IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
    {
        await Task.Yield();
        _fetches.Add([.. keys]);
        return keys.ToDictionary(key => key, key => $"n{key}");
    }
}
