using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataCatalog.Api.Access;
using DataCatalog.Persistence;
using DataCatalog.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataCatalog.Api.Tests.Access;

/// <summary>
/// The host's shipped settings files (src/DataCatalog.Host/appsettings.json and appsettings.Development.json), loaded as
/// the host loads them and served through the same front door, not the code's defaults.
/// </summary>
public sealed class ShippedConfigurationTests
{
    private const string Introspection = "{ __schema { queryType { name } } }";

    /// <summary>A city identity provider's HMAC secret, as an operator would configure it under Auth:SigningKeys.</summary>
    private static readonly byte[] ProviderKey = Encoding.UTF8.GetBytes("the-city-identity-provider-test-secret-0123456789");

    private static IConfigurationRoot Shipped(string environment, IDictionary<string, string?> overrides) => new ConfigurationBuilder()
        .AddJsonFile(RepositoryPaths.Combine("src", "DataCatalog.Host", "appsettings.json"), optional: false)
        .AddJsonFile(RepositoryPaths.Combine("src", "DataCatalog.Host", $"appsettings.{environment}.json"), optional: true)
        .AddInMemoryCollection(overrides)
        .Build();

    [Fact]
    public void The_shipped_production_settings_turn_introspection_anonymous_access_and_development_tokens_off()
    {
        var configuration = Shipped("Production", new Dictionary<string, string?> { ["ConnectionStrings:Catalog"] = "Host=db.city.example" });
        var auth = CatalogAuthentication.ReadOptions(configuration, CatalogAuthentication.DevelopmentTokensByDefault(configuration, isDevelopment: false));

        Assert.False(configuration.GetValue<bool>("GraphQL:EnableIntrospection"));
        Assert.False(configuration.GetValue<bool>("GraphQL:ExposeExceptionDetails"));
        Assert.Equal(TimeSpan.FromSeconds(30), configuration.GetValue<TimeSpan>("GraphQL:ExecutionTimeout"));
        Assert.False(auth.AllowAnonymous);
        Assert.False(auth.Development.Enabled);
        Assert.Equal("datacatalog", auth.Audience);
    }

    [Fact]
    public void The_shipped_development_settings_turn_introspection_and_development_tokens_on_and_anonymous_access_stays_off()
    {
        var configuration = Shipped("Development", new Dictionary<string, string?> { ["ConnectionStrings:Catalog"] = "Host=localhost" });
        var auth = CatalogAuthentication.ReadOptions(configuration, CatalogAuthentication.DevelopmentTokensByDefault(configuration, isDevelopment: true));

        Assert.True(configuration.GetValue<bool>("GraphQL:EnableIntrospection"));
        Assert.True(auth.Development.Enabled);
        Assert.False(auth.AllowAnonymous);
    }

    [Fact]
    public void The_embedded_demo_issues_development_tokens_even_outside_Development()
    {
        var configuration = Shipped("Production", new Dictionary<string, string?>());

        Assert.True(CatalogAuthentication.DevelopmentTokensByDefault(configuration, isDevelopment: false));
    }

    [Fact]
    public async Task Served_with_the_production_settings_introspection_is_refused_to_a_signed_in_admin()
    {
        await using var server = await ServeAsync("Production");

        var (status, body) = await server.PostAsync(Introspection, ProviderToken("admin"));
        var (ordinary, data) = await server.PostAsync("{ departments { code } }", ProviderToken("analyst"));

        Assert.Equal(200, status);
        Assert.Equal("NO_INTROSPECTION", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(200, ordinary);
        Assert.Equal(0, data.GetProperty("data").GetProperty("departments").GetArrayLength());
    }

    [Fact]
    public async Task Served_with_the_production_settings_a_caller_without_a_token_gets_401_and_no_development_tokens_exist()
    {
        await using var server = await ServeAsync("Production");

        var (status, body) = await server.PostAsync("{ departments { code } }", token: null);
        var config = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/auth/config", UriKind.Relative));
        using var tokenRequest = await server.Client.PostAsJsonAsync(new Uri("/auth/token", UriKind.Relative), new { role = "admin" });

        Assert.Equal(401, status);
        Assert.Equal("UNAUTHENTICATED", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.False(config.GetProperty("anonymous").GetBoolean());
        Assert.False(config.GetProperty("developmentTokens").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, tokenRequest.StatusCode);
    }

    [Fact]
    public async Task Served_with_the_development_settings_introspection_answers_a_development_token()
    {
        await using var server = await ServeAsync("Development");
        using var tokenResponse = await server.Client.PostAsJsonAsync(new Uri("/auth/token", UriKind.Relative), new { role = "analyst" });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();

        var (status, body) = await server.PostAsync(Introspection, token);

        Assert.Equal(200, status);
        Assert.Equal("Query", body.GetProperty("data").GetProperty("__schema").GetProperty("queryType").GetProperty("name").GetString());
    }

    private static string ProviderToken(string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "https://login.city.example",
        Audience = "datacatalog",
        Claims = new Dictionary<string, object> { ["sub"] = "u-1", ["role"] = role },
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(ProviderKey), SecurityAlgorithms.HmacSha256),
    });

    private static async Task<ShippedServer> ServeAsync(string environment)
    {
        var folder = Directory.CreateTempSubdirectory("catalog-shipped-").FullName;
        var connectionString = await TestPostgres.CreateCatalogDatabaseAsync();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(Shipped(environment, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Catalog"] = connectionString,
            ["Auth:Issuer"] = "https://login.city.example",
            ["Auth:SigningKeys:0"] = Convert.ToBase64String(ProviderKey),
        }));
        builder.Logging.ClearProviders();
        builder.Services.AddCatalogPersistence(connectionString);
        builder.Services.AddCatalogApi();
        var auth = CatalogAuthentication.ReadOptions(builder.Configuration, CatalogAuthentication.DevelopmentTokensByDefault(builder.Configuration, environment == "Development"));
        var issuer = auth.Development.Enabled == true
            ? DevelopmentTokenIssuer.Open(Path.Combine(folder, DevelopmentTokenIssuer.KeyFileName), auth.Audience, auth.Development, TimeProvider.System)
            : null;
        builder.Services.AddCatalogAuthentication(auth, issuer);
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapCatalogFrontDoor(app.Configuration);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ShippedServer(app, new HttpClient { BaseAddress = new Uri(address) }, folder);
    }

    private sealed class ShippedServer(WebApplication app, HttpClient client, string folder) : IAsyncDisposable
    {
        public HttpClient Client => client;

        public async Task<(int Status, JsonElement Body)> PostAsync(string query, string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative))
            {
                Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json"),
            };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await client.SendAsync(request);
            return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
