using System.Collections.Concurrent;
using DataCatalog.Api.Batching;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Tests.Http;

public sealed record Parent(int Id, int GroupKey);

public sealed record Child(int GroupKey, string Name);

/// <summary>Records every batch fetch so tests can count calls and see which keys each call received.</summary>
public sealed class FetchLog
{
    private readonly ConcurrentQueue<(string Loader, int[] Keys)> _calls = new();

    public IReadOnlyList<(string Loader, int[] Keys)> Calls => [.. _calls];

    public void Record(string loader, IEnumerable<int> keys) => _calls.Enqueue((loader, [.. keys]));

    public void Clear() => _calls.Clear();
}

/// <summary>State behind the test mutation.</summary>
public sealed class Counter
{
    private int _value;

    public int Increment() => Interlocked.Increment(ref _value);
}

/// <summary>Released each time the slow field starts, so a test can know the slow request holds its execution slot.</summary>
public sealed class SlowFieldEntered
{
    public SemaphoreSlim Entered { get; } = new(0);
}

public sealed class TestSchema : Schema
{
    public TestSchema(IServiceProvider services) : base(services)
    {
        Query = services.GetRequiredService<TestQuery>();
        Mutation = services.GetRequiredService<TestMutation>();
    }
}

public sealed class TestQuery : ObjectGraphType
{
    public const string SecretMessage = "password=hunter2 in the connection string";

    public TestQuery()
    {
        Field<NonNullGraphType<StringGraphType>>("hello")
            .Argument<StringGraphType>("name")
            .Resolve(context => $"Hello, {context.GetArgument<string?>("name") ?? "world"}!");

        Field<StringGraphType>("boom").Resolve(_ => throw new InvalidOperationException(SecretMessage));

        Field<StringGraphType>("slow").ResolveAsync(async context =>
        {
            context.RequestServices!.GetRequiredService<SlowFieldEntered>().Entered.Release();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
            return null;
        });

        Field<NestedType>("nested").Resolve(_ => new object());

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ParentType>>>>("parents")
            .Argument<NonNullGraphType<IntGraphType>>("count")
            .Argument<IntGraphType>("distinctKeys")
            .Resolve(context =>
            {
                var count = context.GetArgument<int>("count");
                var distinctKeys = context.GetArgument<int?>("distinctKeys") ?? count;
                return Enumerable.Range(0, count).Select(i => new Parent(i, i % distinctKeys)).ToArray();
            });
    }
}

public sealed class TestMutation : ObjectGraphType
{
    public TestMutation(Counter counter)
    {
        Field<NonNullGraphType<IntGraphType>>("increment").Resolve(_ => counter.Increment());
    }
}

/// <summary>Self-referencing type, so tests can write documents of any depth.</summary>
public sealed class NestedType : ObjectGraphType
{
    public NestedType()
    {
        Field<StringGraphType>("leaf").Resolve(_ => "leaf");
        Field<NestedType>("nested").Resolve(_ => new object());
    }
}

public sealed class ParentType : ObjectGraphType<Parent>
{
    public ParentType(FetchLog log)
    {
        Field(parent => parent.Id);
        Field(parent => parent.GroupKey);

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ChildType>>>>("children").Resolve(context =>
            context.RequestServices!.GetRequiredService<BatchLoaderContext>().LoadMany<int, Child>(
                "children",
                context.Source.GroupKey,
                async (keys, _) =>
                {
                    await Task.Yield();
                    log.Record("children", keys);
                    return keys.SelectMany(key => new[] { new Child(key, $"{key}-a"), new Child(key, $"{key}-b") })
                        .ToLookup(child => child.GroupKey);
                }));

        Field<ListGraphType<NonNullGraphType<ChildType>>>("failingChildren").Resolve(context =>
            context.RequestServices!.GetRequiredService<BatchLoaderContext>().LoadMany<int, Child>(
                "failingChildren",
                context.Source.GroupKey,
                (keys, _) =>
                {
                    log.Record("failingChildren", keys);
                    throw new ExecutionError("child store unavailable");
                }));
    }
}

public sealed class ChildType : ObjectGraphType<Child>
{
    public ChildType()
    {
        Field(child => child.GroupKey);
        Field(child => child.Name);
    }
}
