using DataCatalog.Api.Batching;
using DataCatalog.Api.Catalog;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api;

/// <summary>Registers the GraphQL schema and its per-request services.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddCatalogApi(this IServiceCollection services)
    {
        services.AddScoped<BatchLoaderContext>();
        services.AddGraphQL(graphql => graphql
            .AddSchema<CatalogSchema>()
            .AddGraphTypes(typeof(CatalogSchema).Assembly)
            .AddSystemTextJson());
        return services;
    }
}
