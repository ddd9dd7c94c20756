namespace DataCatalog.Api.Access;

/// <summary>The <c>Auth</c> configuration section: who issues the tokens the catalog accepts, and whether callers without one get in.</summary>
public sealed class CatalogAuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>An OIDC provider; its issuer and signing keys come from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The accepted <c>iss</c> when the keys are configured directly instead of discovered.</summary>
    public string? Issuer { get; set; }

    /// <summary>The accepted <c>aud</c>; development tokens carry it too.</summary>
    public string Audience { get; set; } = "datacatalog";

    /// <summary>Verification keys: PEM public keys (RSA or EC) or base64 HMAC secrets of at least 32 bytes.</summary>
    public IList<string> SigningKeys { get; } = [];

    /// <summary>Whether metadata discovery insists on HTTPS (off only for a provider on loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>When true a caller without a token reads as an analyst; off unless configured.</summary>
    public bool AllowAnonymous { get; set; }

    public DevelopmentTokenOptions Development { get; set; } = new();
}

/// <summary><c>Auth:Development</c>: locally signed tokens for development and the demo.</summary>
public sealed class DevelopmentTokenOptions
{
    /// <summary>Null means "decide from the environment" (on in Development and in the embedded demo).</summary>
    public bool? Enabled { get; set; }

    /// <summary>Lifetime of a token issued without <c>--hours</c>.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Longest lifetime a development token may be issued for.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromDays(30);
}
