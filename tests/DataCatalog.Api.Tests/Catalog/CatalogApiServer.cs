using System.Data.Common;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DataCatalog.Api.Http;
using DataCatalog.Api.Tests.Http;
using DataCatalog.Persistence;
using DataCatalog.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Api.Tests.Catalog;

/// <summary>
/// A fresh catalog database seeded with <see cref="CatalogSeed"/> and the real catalog schema served by Kestrel
/// on loopback at /graphql, with introspection on; /graphql-closed has it off and /graphql-short times out after
/// one second and /graphql-cheap allows a complexity of 1,000. Every SQL command the server runs is counted and every log entry kept.
/// </summary>
public sealed class CatalogApiServer : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public SeededIds Ids { get; private set; } = null!;

    /// <summary>The seeded catalog database, for a test class that adds rows of its own.</summary>
    public string ConnectionString { get; private set; } = null!;

    public SqlCommandCounter Commands { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        var connectionString = ConnectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        await using (var db = TestPostgres.Context(connectionString))
        {
            Ids = await CatalogSeed.SeedAsync(db);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        // As appsettings.json has it: the framework's per-request lines are not the catalog's to bound.
        builder.Logging.ClearProviders().AddProvider(Logs).AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddCatalogPersistence(connectionString, options => options.AddInterceptors(Commands));
        builder.Services.AddCatalogApi();
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        // These tests read as an anonymous analyst; AccessOverHttpTests covers tokens and roles.
        _app.MapGraphQLEndpoint("/graphql", options => (options.EnableIntrospection, options.AllowAnonymous) = (true, true));
        _app.MapGraphQLEndpoint("/graphql-closed", options => (options.EnableIntrospection, options.AllowAnonymous) = (false, true));
        _app.MapGraphQLEndpoint("/graphql-short", options => (options.ExecutionTimeout, options.AllowAnonymous) = (TimeSpan.FromSeconds(1), true));
        _app.MapGraphQLEndpoint("/graphql-cheap", options => (options.MaxComplexity, options.AllowAnonymous) = (1000, true));
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    /// <summary>POSTs <paramref name="query"/> and returns the parsed response body; fails on a non-success status.</summary>
    public async Task<JsonDocument> QueryAsync(string query, object? variables = null)
    {
        var body = JsonSerializer.Serialize(new { query, variables });
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Client.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    /// <summary>Runs <paramref name="query"/> and returns its data, failing with the errors if there are any.</summary>
    public async Task<JsonElement> DataAsync(string query, object? variables = null)
    {
        using var document = await QueryAsync(query, variables);
        if (document.RootElement.TryGetProperty("errors", out var errors))
        {
            Assert.Fail("GraphQL errors: " + errors.GetRawText());
        }

        return document.RootElement.GetProperty("data").Clone();
    }

    /// <summary>Runs <paramref name="query"/> and returns the messages of its errors (none when it succeeded).</summary>
    public async Task<IReadOnlyList<string>> ErrorsAsync(string query, object? variables = null)
    {
        using var document = await QueryAsync(query, variables);
        return document.RootElement.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateArray().Select(e => e.GetProperty("message").GetString() ?? "")]
            : [];
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>Counts the SQL commands EF Core sends, so a test can tell one query per level from one per parent.</summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Interlocked.Increment(ref _count);
        return base.ReaderExecuting(command, eventData, result);
    }
}
