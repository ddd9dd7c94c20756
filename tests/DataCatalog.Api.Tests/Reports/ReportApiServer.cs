using System.Net.Http.Headers;
using DataCatalog.Api.Access;
using DataCatalog.Api.Http;
using DataCatalog.Api.Publishing;
using DataCatalog.Api.Reports;
using DataCatalog.Api.Tests.Catalog;
using DataCatalog.Api.Tests.Http;
using DataCatalog.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Api.Tests.Reports;

/// <summary>The report-seeded catalog served on loopback with the real JWT bearer authentication and development tokens:
/// /reports/{kind}, /graphql, and the published catalog.</summary>
public sealed class ReportApiServer : IAsyncLifetime
{
    private WebApplication? _app;
    private string _folder = "";

    public HttpClient Client { get; private set; } = null!;

    public DevelopmentTokenIssuer Issuer { get; private set; } = null!;

    public SeededIds Ids { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public string Address { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("catalog-reports-").FullName;
        (ConnectionString, Ids) = await ReportExportTests.SeededAsync();
        var options = new CatalogAuthOptions { Development = { Enabled = true } };
        Issuer = DevelopmentTokenIssuer.Open(Path.Combine(_folder, DevelopmentTokenIssuer.KeyFileName), options.Audience, options.Development, TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders().AddProvider(new CapturingLoggerProvider()).AddFilter("Microsoft", LogLevel.Warning);
        // Five datasets a page, so the 14 public datasets of the seed span three hydra pages.
        builder.Configuration["Publishing:PageSize"] = "5";
        builder.Services.AddCatalogPersistence(ConnectionString);
        builder.Services.AddCatalogApi();
        builder.Services.AddCatalogAuthentication(options, Issuer);
        _app = builder.Build();
        _app.Urls.Add("http://127.0.0.1:0");
        _app.UseAuthentication();
        _app.MapGraphQLEndpoint("/graphql", o => o.EnableIntrospection = true);
        _app.MapReportEndpoints();
        _app.MapCatalogPublishing();
        await _app.StartAsync();

        Address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(Address) };
    }

    /// <summary>A development token for <paramref name="role"/> of <paramref name="departments"/>.</summary>
    public string Token(string role, params string[] departments)
        => Issuer.Issue(new DevelopmentTokenRequest(role, departments, $"test-{role}", null)).Token;

    /// <summary>GETs <paramref name="path"/> with <paramref name="token"/> (none when null).</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request);
    }

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
