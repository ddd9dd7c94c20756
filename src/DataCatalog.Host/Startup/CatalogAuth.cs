using DataCatalog.Api.Access;

namespace DataCatalog.Host.Startup;

/// <summary>The host's side of authentication: which <c>Auth</c> settings apply and where the development key lives.</summary>
internal static class CatalogAuth
{
    /// <summary>Development tokens are on by default in the Development environment and in the embedded demo city
    /// (no <c>ConnectionStrings:Catalog</c>, <c>Catalog:Demo</c> on); <c>Auth:Development:Enabled</c> decides otherwise.</summary>
    public static bool DevelopmentTokensByDefault(IConfiguration configuration, IHostEnvironment environment)
        => environment.IsDevelopment()
           || (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Catalog")) && configuration.GetValue("Catalog:Demo", true));

    /// <summary>The <c>Auth</c> options and, when development tokens are enabled, their issuer over the key in the data folder.</summary>
    public static async Task<(CatalogAuthOptions Options, DevelopmentTokenIssuer? Issuer)> ReadAsync(
        IConfiguration configuration, IHostEnvironment environment, ILogger logger, CancellationToken cancellationToken)
    {
        var options = CatalogAuthentication.ReadOptions(configuration, DevelopmentTokensByDefault(configuration, environment));
        if (options.Development.Enabled != true)
        {
            return (options, null);
        }

        var folder = await CatalogDatabase.DataFolderAsync(configuration, logger, cancellationToken);
        var issuer = DevelopmentTokenIssuer.Open(Path.Combine(folder, DevelopmentTokenIssuer.KeyFileName), options.Audience, options.Development, TimeProvider.System);
        return (options, issuer);
    }
}
