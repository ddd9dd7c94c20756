using DataCatalog.Api.Batching;
using DataCatalog.Api.Catalog;
using DataCatalog.Api.Publishing;
using DataCatalog.Api.Reports;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Reports;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataCatalog.Api;

/// <summary>Registers the GraphQL schema and its per-request services.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddCatalogApi(this IServiceCollection services)
    {
        services.AddScoped<BatchLoaderContext>();
        // Mutations record the request id (the trace identifier) with their audit events.
        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ReportExporter(sp.GetRequiredKeyedService<IDbContextFactory<CatalogDbContext>>(CatalogPool.Api)));
        services.AddSingleton(sp => new ReportExportAudit(sp.GetRequiredKeyedService<IDbContextFactory<CatalogDbContext>>(CatalogPool.Api), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ReportExports>();
        services.AddSingleton(sp => new CatalogPublication(sp.GetRequiredKeyedService<IDbContextFactory<CatalogDbContext>>(CatalogPool.Api)));
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
