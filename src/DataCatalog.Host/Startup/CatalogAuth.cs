using DataCatalog.Api.Access;

namespace DataCatalog.Host.Startup;

/// <summary>The host's side of authentication: which <c>Auth</c> settings apply and where the development key lives.</summary>
internal static class CatalogAuth
{
    /// <summary>The <c>Auth</c> options and, when development tokens are enabled, their issuer over the key in the data folder.</summary>
    public static async Task<(CatalogAuthOptions Options, DevelopmentTokenIssuer? Issuer)> ReadAsync(
        IConfiguration configuration, IHostEnvironment environment, ILogger logger, CancellationToken cancellationToken)
    {
        var options = CatalogAuthentication.ReadOptions(configuration, CatalogAuthentication.DevelopmentTokensByDefault(configuration, environment.IsDevelopment()));
        if (options.Development.Enabled != true)
        {
            return (options, null);
        }

        var folder = await CatalogDatabase.DataFolderAsync(configuration, logger, cancellationToken);
        var issuer = DevelopmentTokenIssuer.Open(Path.Combine(folder, DevelopmentTokenIssuer.KeyFileName), options.Audience, options.Development, TimeProvider.System);
        return (options, issuer);
    }
}
