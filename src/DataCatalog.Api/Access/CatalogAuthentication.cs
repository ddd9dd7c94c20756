using System.Security.Cryptography;
using DataCatalog.Core.Access;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace DataCatalog.Api.Access;

/// <summary>JWT bearer authentication of the catalog: an OIDC provider, configured keys, or development tokens.</summary>
public static class CatalogAuthentication
{
    /// <summary>Development tokens are on by default in the Development environment and in the embedded demo city
    /// (no <c>ConnectionStrings:Catalog</c>, <c>Catalog:Demo</c> on); <c>Auth:Development:Enabled</c> decides otherwise.</summary>
    public static bool DevelopmentTokensByDefault(IConfiguration configuration, bool isDevelopment)
        => isDevelopment
           || (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Catalog")) && configuration.GetValue("Catalog:Demo", true));

    /// <summary>Reads <c>Auth</c> from <paramref name="configuration"/>; <see cref="DevelopmentTokenOptions.Enabled"/> left null is
    /// decided by <paramref name="developmentByDefault"/>.</summary>
    public static CatalogAuthOptions ReadOptions(IConfiguration configuration, bool developmentByDefault)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new CatalogAuthOptions();
        var section = configuration.GetSection(CatalogAuthOptions.SectionName);
        section.Bind(options);
        options.Development.Enabled ??= developmentByDefault;
        return options;
    }

    /// <summary>
    /// Registers JWT bearer authentication as the default scheme, the <paramref name="options"/> and, when given, the
    /// development <paramref name="issuer"/> (whose key and issuer are then accepted beside the configured ones).
    /// </summary>
    public static IServiceCollection AddCatalogAuthentication(this IServiceCollection services, CatalogAuthOptions options, DevelopmentTokenIssuer? issuer)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        if (issuer is not null)
        {
            services.AddSingleton(issuer);
        }

        var keys = options.SigningKeys.Select((key, i) => ParseKey(key, i)).ToList();
        var issuers = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Issuer))
        {
            issuers.Add(options.Issuer);
        }

        if (issuer is not null)
        {
            keys.Add(issuer.SigningKey);
            issuers.Add(DevelopmentTokenIssuer.Issuer);
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            // Claims keep their JWT names (sub, role, department) instead of the WS-* URIs.
            jwt.MapInboundClaims = false;
            jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.Authority = options.Authority;
            }

            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = CatalogClaimTypes.Name,
                RoleClaimType = CatalogClaimTypes.Role,
                ValidateAudience = true,
                ValidAudience = options.Audience,
                // With an Authority the discovered issuer is added to these by the handler.
                ValidateIssuer = true,
                ValidIssuers = issuers,
                IssuerSigningKeys = keys,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
        return services;
    }

    private static SecurityKey ParseKey(string text, int index)
    {
        var key = text.Trim();
        if (key.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            try
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(key);
                return new RsaSecurityKey(rsa);
            }
            catch (ArgumentException)
            {
                var ec = ECDsa.Create();
                ec.ImportFromPem(key);
                return new ECDsaSecurityKey(ec);
            }
        }

        try
        {
            var bytes = Convert.FromBase64String(key);
            if (bytes.Length >= 32)
            {
                return new SymmetricSecurityKey(bytes);
            }
        }
        catch (FormatException)
        {
        }

        throw new InvalidOperationException(
            $"Auth:SigningKeys:{index} is neither a PEM public key (-----BEGIN PUBLIC KEY-----) nor a base64 secret of at least 32 bytes; fix or remove it.");
    }
}
