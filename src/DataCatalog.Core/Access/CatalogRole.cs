namespace DataCatalog.Core.Access;

/// <summary>What a caller may do in the catalog; a token carries one or more of them in repeated <c>role</c> claims.</summary>
public enum CatalogRole
{
    /// <summary>Reads the catalog; never personal-data values or run details.</summary>
    Analyst,

    /// <summary>Acts on the findings and metadata of the departments in the token's <c>department</c> claims.</summary>
    Steward,

    /// <summary>Reads everything, personal-data values included; changes nothing.</summary>
    Auditor,

    /// <summary>Manages departments, sources and rule sets and reads run details.</summary>
    Admin,
}

/// <summary>The wire names of <see cref="CatalogRole"/> (<c>analyst</c>, <c>steward</c>, <c>auditor</c>, <c>admin</c>).</summary>
public static class CatalogRoles
{
    public const string Analyst = "analyst";
    public const string Steward = "steward";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    /// <summary>Every role name, in the order of <see cref="CatalogRole"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [Analyst, Steward, Auditor, Admin];

    public static string Name(CatalogRole role) => role switch
    {
        CatalogRole.Analyst => Analyst,
        CatalogRole.Steward => Steward,
        CatalogRole.Auditor => Auditor,
        CatalogRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>The role named <paramref name="name"/> (case-insensitive), or null when it names none.</summary>
    public static CatalogRole? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        Analyst => CatalogRole.Analyst,
        Steward => CatalogRole.Steward,
        Auditor => CatalogRole.Auditor,
        Admin => CatalogRole.Admin,
        _ => null,
    };
}

/// <summary>The JWT claim names the catalog reads (kept short and unmapped, as OIDC providers send them).</summary>
public static class CatalogClaimTypes
{
    public const string Subject = "sub";
    public const string Name = "name";

    /// <summary>Repeated: one claim per role.</summary>
    public const string Role = "role";

    /// <summary>Repeated: one claim per department code a steward looks after.</summary>
    public const string Department = "department";
}
