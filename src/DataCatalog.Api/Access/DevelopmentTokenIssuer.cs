using System.Security.Claims;
using System.Security.Cryptography;
using DataCatalog.Core.Access;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataCatalog.Api.Access;

/// <summary>What a development token is asked for: a role, the departments a steward looks after, a display name.</summary>
public sealed record DevelopmentTokenRequest(string Role, IReadOnlyList<string> Departments, string? Name, TimeSpan? Lifetime);

/// <summary>A signed development token and when it stops being accepted.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs development tokens with an HMAC key made once and kept in a file only its owner can read (in the catalog's
/// data folder, beside the embedded cluster's secrets), so the CLI and a serving catalog share it. The key never
/// reaches the database or a log.
/// </summary>
public sealed class DevelopmentTokenIssuer
{
    /// <summary>The <c>iss</c> of development tokens; accepted only while development tokens are enabled.</summary>
    public const string Issuer = "datacatalog-development";

    /// <summary>File name of the key in the data folder.</summary>
    public const string KeyFileName = "auth-signing.key";

    private readonly TimeProvider _clock;
    private readonly DevelopmentTokenOptions _options;

    private DevelopmentTokenIssuer(SymmetricSecurityKey key, string audience, DevelopmentTokenOptions options, TimeProvider clock)
    {
        SigningKey = key;
        Audience = audience;
        _options = options;
        _clock = clock;
    }

    public SymmetricSecurityKey SigningKey { get; }

    public string Audience { get; }

    /// <summary>Reads the key at <paramref name="keyFile"/>, making it (mode 600) when it does not exist yet.</summary>
    public static DevelopmentTokenIssuer Open(string keyFile, string audience, DevelopmentTokenOptions options, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyFile);
        return new DevelopmentTokenIssuer(new SymmetricSecurityKey(ReadOrCreateKey(keyFile)) { KeyId = "datacatalog-development" }, audience, options, clock);
    }

    /// <summary>Signs a token for <paramref name="request"/>; a wrong role, a steward without a department or a lifetime
    /// out of range is an <see cref="ArgumentException"/> whose message names the fix.</summary>
    public IssuedToken Issue(DevelopmentTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var role = CatalogRoles.Parse(request.Role)
            ?? throw new ArgumentException($"Unknown role '{request.Role}'; use one of {string.Join(", ", CatalogRoles.Names)}.");
        var departments = request.Departments.Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (role == CatalogRole.Steward && departments.Count == 0)
        {
            throw new ArgumentException("A steward token needs the departments it looks after: add --department <code> (or \"departments\": [\"transport\"]).");
        }

        var lifetime = request.Lifetime ?? _options.TokenLifetime;
        if (lifetime <= TimeSpan.Zero || lifetime > _options.MaxTokenLifetime)
        {
            throw new ArgumentException(
                $"A development token lives more than 0 and at most {_options.MaxTokenLifetime.TotalHours:0} hours (Auth:Development:MaxTokenLifetime); {lifetime.TotalHours:0.##} was asked.");
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? $"dev-{CatalogRoles.Name(role)}" : request.Name.Trim();
        var identity = new ClaimsIdentity();
        identity.AddClaim(new Claim(CatalogClaimTypes.Subject, "dev:" + name));
        identity.AddClaim(new Claim(CatalogClaimTypes.Name, name));
        identity.AddClaim(new Claim(CatalogClaimTypes.Role, CatalogRoles.Name(role)));
        foreach (var department in departments)
        {
            identity.AddClaim(new Claim(CatalogClaimTypes.Department, department));
        }

        var now = _clock.GetUtcNow();
        var expires = now + lifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = identity,
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
        // JWT times are whole seconds.
        return new IssuedToken(token, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    private static byte[] ReadOrCreateKey(string keyFile)
    {
        if (!File.Exists(keyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
            var key = RandomNumberGenerator.GetBytes(32);
            try
            {
                // CreateNew: a CLI verb and a server starting together make one key, not two.
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var stream = new FileStream(keyFile, options))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(Convert.ToBase64String(key));
                }

                return key;
            }
            catch (IOException) when (File.Exists(keyFile))
            {
                // Another process made it first; read theirs.
            }
        }

        var text = "";
        for (var attempt = 0; attempt < 20 && text.Length == 0; attempt++)
        {
            text = File.ReadAllText(keyFile).Trim();
            if (text.Length == 0)
            {
                // The other process is between creating and writing it.
                Thread.Sleep(50);
            }
        }

        try
        {
            var key = Convert.FromBase64String(text);
            if (key.Length >= 32)
            {
                return key;
            }
        }
        catch (FormatException)
        {
        }

        throw new InvalidOperationException(
            $"The development signing key {keyFile} is not 32 or more base64 bytes; delete the file and a new key is made (tokens signed with the old one stop working).");
    }
}
