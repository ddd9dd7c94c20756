using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataCatalog.Api.Http;

/// <summary>Maps the GraphQL-over-HTTP endpoint.</summary>
public static class GraphQLEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the <see cref="GraphQL.Types.ISchema"/> registered in DI over GET and POST at <paramref name="pattern"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapGraphQLEndpoint(
        this IEndpointRouteBuilder endpoints,
        string pattern = "/graphql",
        Action<GraphQLEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var options = new GraphQLEndpointOptions
        {
            EnableIntrospection = services.GetRequiredService<IHostEnvironment>().IsDevelopment(),
        };
        configure?.Invoke(options);

        var endpoint = new GraphQLHttpEndpoint(options, services.GetRequiredService<ILogger<GraphQLHttpEndpoint>>());
        // Mapped for every method so that PUT, DELETE, … get the spec's 405 with an Allow header instead of a 404.
        return endpoints.Map(pattern, endpoint.HandleAsync).WithDisplayName("GraphQL " + pattern);
    }
}
