using DataCatalog.Api.Http;
using DataCatalog.Harvesting;
using DataCatalog.Host.Startup;

namespace DataCatalog.Host.Cli;

/// <summary><c>serve</c>: the catalog with its scheduler and GraphQL endpoint.</summary>
internal static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = CatalogServices.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        await using var database = await CatalogServices.AddCatalogAsync(builder, CancellationToken.None);
        var harvest = CatalogServices.HarvestOptions(builder.Configuration);
        builder.Services.AddHarvestScheduling(
            CatalogServices.ConnectionStrings(builder.Configuration, database.ConnectionString).Scheduler, harvest.MaxConcurrentHarvests);
        builder.Services.AddHostedService<CatalogStartup>();
        builder.Services.AddHealthChecks().AddCheck<CatalogHealthCheck>("catalog");

        var app = builder.Build();
        var graphql = app.Configuration.GetSection("GraphQL");
        app.MapGraphQLEndpoint("/graphql", options => graphql.Bind(options));
        app.MapHealthChecks("/healthz");
        await app.RunAsync();
        return 0;
    }
}
