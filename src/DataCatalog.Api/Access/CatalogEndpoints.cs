using DataCatalog.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Access;

/// <summary>The catalog's front door as the host serves it: authentication, /auth/* and /graphql bound to configuration.</summary>
public static class CatalogEndpoints
{
    /// <summary>
    /// Authenticates bearer tokens, maps <c>/auth/config</c> (and <c>/auth/token</c> with development tokens) and
    /// <c>/graphql</c> with the <c>GraphQL</c> section of <paramref name="configuration"/> and <c>Auth:AllowAnonymous</c>.
    /// Needs <see cref="CatalogAuthentication.AddCatalogAuthentication"/> first.
    /// </summary>
    public static WebApplication MapCatalogFrontDoor(this WebApplication app, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(configuration);
        var allowAnonymous = app.Services.GetRequiredService<CatalogAuthOptions>().AllowAnonymous;
        var graphql = configuration.GetSection("GraphQL");
        app.UseAuthentication();
        app.MapCatalogAuthEndpoints();
        app.MapGraphQLEndpoint("/graphql", options =>
        {
            graphql.Bind(options);
            options.AllowAnonymous = allowAnonymous;
        });
        return app;
    }
}
