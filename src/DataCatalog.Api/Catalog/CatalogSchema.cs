using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Catalog;

/// <summary>The catalog's GraphQL schema.</summary>
public sealed class CatalogSchema : Schema
{
    public CatalogSchema(IServiceProvider services) : base(services)
    {
        // Lets an argument carry @deprecated (datasets(search:) points clients to search(text:)).
        Features.DeprecationOfInputValues = true;
        Query = services.GetRequiredService<CatalogQuery>();
        Mutation = services.GetRequiredService<Mutations.CatalogMutation>();
    }
}
