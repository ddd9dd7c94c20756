using System.Collections.Concurrent;
using DataCatalog.Api.Batching;
using DataCatalog.Api.Http;
using GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Api.Tests.Http;

/// <summary>
/// A real Kestrel host on loopback serving the test schema at /graphql (defaults, Production environment),
/// /graphql-short-timeout (200 ms), /graphql-strict (complexity 20), /graphql-narrow (one execution at a time, none queued, 5 s timeout) and /graphql-open (introspection and exception details on).
/// </summary>
public sealed class GraphQLTestServer : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public FetchLog FetchLog { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public SlowFieldEntered SlowField { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders().AddProvider(Logs);
        builder.Services.AddSingleton(FetchLog);
        builder.Services.AddSingleton<Counter>();
        builder.Services.AddSingleton(SlowField);
        builder.Services.AddScoped<BatchLoaderContext>();
        builder.Services.AddGraphQL(graphQL => graphQL
            .AddSchema<TestSchema>()
            .AddGraphTypes(typeof(TestSchema).Assembly)
            .AddSystemTextJson());

        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        // The endpoint's transport behaviour is tested anonymously; tokens and roles are AccessOverHttpTests'.
        _app.MapGraphQLEndpoint("/graphql", options => options.AllowAnonymous = true);
        _app.MapGraphQLEndpoint("/graphql-short-timeout", options => (options.ExecutionTimeout, options.AllowAnonymous) = (TimeSpan.FromMilliseconds(200), true));
        _app.MapGraphQLEndpoint("/graphql-strict", options => (options.MaxComplexity, options.AllowAnonymous) = (20, true));
        _app.MapGraphQLEndpoint("/graphql-narrow", options =>
        {
            options.AllowAnonymous = true;
            options.MaxConcurrentExecutions = 1;
            options.MaxQueuedExecutions = 0;
            options.ExecutionTimeout = TimeSpan.FromSeconds(5);
        });
        _app.MapGraphQLEndpoint("/graphql-open", options =>
        {
            options.AllowAnonymous = true;
            options.EnableIntrospection = true;
            options.ExposeExceptionDetails = true;
        });
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>Keeps every log entry in memory so tests can check what the server logged.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(LogLevel, string, Exception?)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
