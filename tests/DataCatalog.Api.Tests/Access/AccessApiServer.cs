using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DataCatalog.Api.Access;
using DataCatalog.Api.Http;
using DataCatalog.Api.Tests.Catalog;
using DataCatalog.Api.Tests.Http;
using DataCatalog.Persistence;
using DataCatalog.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Api.Tests.Access;

/// <summary>
/// The seeded catalog served with the catalog's real JWT bearer authentication and development tokens (key file in a
/// temp folder): /graphql with anonymous access off, /graphql-anonymous with it on. Tokens come from the same issuer.
/// </summary>
public sealed class AccessApiServer : IAsyncLifetime
{
    private WebApplication? _app;
    private string _folder = "";

    public HttpClient Client { get; private set; } = null!;

    public DevelopmentTokenIssuer Issuer { get; private set; } = null!;

    public SeededIds Ids { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public string KeyFile => Path.Combine(_folder, DevelopmentTokenIssuer.KeyFileName);

    public CapturingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("catalog-access-").FullName;
        ConnectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        await using (var db = TestPostgres.Context(ConnectionString))
        {
            Ids = await CatalogSeed.SeedAsync(db);
        }

        var options = new CatalogAuthOptions { Development = { Enabled = true } };
        Issuer = DevelopmentTokenIssuer.Open(KeyFile, options.Audience, options.Development, TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders().AddProvider(Logs).AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddCatalogPersistence(ConnectionString);
        builder.Services.AddCatalogApi();
        builder.Services.AddCatalogAuthentication(options, Issuer);
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.UseAuthentication();
        _app.MapCatalogAuthEndpoints();
        _app.MapGraphQLEndpoint("/graphql", o => o.EnableIntrospection = true);
        _app.MapGraphQLEndpoint("/graphql-anonymous", o => (o.EnableIntrospection, o.AllowAnonymous) = (true, true));
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    /// <summary>A development token for <paramref name="role"/> of <paramref name="departments"/>.</summary>
    public string Token(string role, params string[] departments)
        => Issuer.Issue(new DevelopmentTokenRequest(role, departments, $"test-{role}", null)).Token;

    /// <summary>POSTs <paramref name="query"/> with <paramref name="token"/> (none when null) and returns the status and body.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string query, string? token, string path = "/graphql", object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The data of <paramref name="query"/> run with <paramref name="token"/>; fails on any error.</summary>
    public async Task<JsonElement> DataAsync(string query, string? token, object? variables = null)
    {
        var (status, body) = await PostAsync(query, token, variables: variables);
        Assert.True(status == 200 && !body.TryGetProperty("errors", out _), $"HTTP {status}: {body}");
        return body.GetProperty("data");
    }

    /// <summary>The <c>extensions.code</c> of every error of <paramref name="body"/>.</summary>
    public static IReadOnlyList<string?> Codes(JsonElement body)
        => body.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateArray().Select(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() : null)]
            : [];

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
