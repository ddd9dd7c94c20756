using DataCatalog.Api.Batching;
using DataCatalog.Api.Catalog;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api;

/// <summary>Registers the GraphQL schema and its per-request services.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddCatalogApi(this IServiceCollection services)
    {
        services.AddScoped<BatchLoaderContext>();
        // Mutations record the request id (the trace identifier) with their audit events.
        services.AddHttpContextAccessor();
        services.AddGraphQL(graphql => graphql
            .AddSchema<CatalogSchema>()
            .AddGraphTypes(typeof(CatalogSchema).Assembly)
            // One resolver at a time per request, so a request holds at most one catalog connection and the
            // endpoint's concurrency limit bounds the API's share of the pool; batch loaders still load per level.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            .AddSystemTextJson());
        return services;
    }
}
