using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DataCatalog.Api.Access;
using DataCatalog.Api.Http;
using DataCatalog.Api.Tests.Catalog;
using DataCatalog.Api.Tests.Http;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Profiling;
using DataCatalog.Core.Rules;
using DataCatalog.Core.Scoring;
using DataCatalog.Core.Findings;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
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
            await SeedPersonalDataAsync(db, Ids);
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

    /// <summary>Dataset of the welfare department (WEL) whose column <see cref="PersonalColumn"/> holds mobile numbers.</summary>
    public const string PersonalDataset = "welfare-facility";

    public const string PersonalColumn = "manager_phone";

    /// <summary>Min, max, top value and failing example of the personal column (masked, as profiling stores them).</summary>
    public const string MaskedMin = "010-****-0001";
    public const string MaskedMax = "010-****-9999";
    public const string MaskedTop = "010-****-1234";
    public const string MaskedExample = "010-****-12";

    public long PersonalDatasetId => Ids.Datasets[PersonalDataset];

    /// <summary>The failed trn-db run (TRN) whose error names the connection.</summary>
    public long FailedRunId => Ids.Runs["trn-db"][^1];

    private static async Task SeedPersonalDataAsync(CatalogDbContext db, SeededIds ids)
    {
        var datasetId = ids.Datasets[PersonalDataset];
        var runId = ids.Runs["wel-portal"][1];
        db.Columns.Add(new Column
        {
            DatasetId = datasetId,
            Name = PersonalColumn,
            Ordinal = 99,
            DataType = "text",
            IsNullable = true,
            PiiClass = PiiClass.MobilePhone,
            Profile = new ColumnProfile(PersonalColumn, 500, 0, 0, 480, false, MaskedMin, MaskedMax, 13, 13,
                [new ValueCount(MaskedTop, 3)], [new ValueCount("999-9999-9999", 480)], InferredType.Text, PiiClass.MobilePhone, 480),
        });
        db.RuleResults.Add(new RuleResult
        {
            DatasetId = datasetId, HarvestRunId = runId, RuleId = "validity.phone", Dimension = QualityDimension.Validity, ColumnName = PersonalColumn,
            Passed = false, Measured = 0.9, Threshold = 0.95, Examined = 500, Failing = 50, EvaluatedAt = DateTimeOffset.UtcNow, Examples = [MaskedExample],
        });
        db.Findings.Add(new Finding
        {
            DatasetId = datasetId, RuleId = "validity.phone", ColumnName = PersonalColumn, Dimension = QualityDimension.Validity,
            Severity = RuleSeverity.Error, Status = FindingStatus.Open, Examined = 500, Failing = 50, Examples = [MaskedExample],
            OpenedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
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
