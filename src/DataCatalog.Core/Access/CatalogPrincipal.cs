using System.Security.Claims;

namespace DataCatalog.Core.Access;

/// <summary>Who is asking and what they may see and do, read from the claims of a validated token.</summary>
public sealed class CatalogPrincipal
{
    private static readonly HashSet<CatalogRole> AnalystOnly = [CatalogRole.Analyst];

    private readonly HashSet<CatalogRole> _roles;
    private readonly HashSet<string> _departments;

    private CatalogPrincipal(string? subject, string? name, HashSet<CatalogRole> roles, HashSet<string> departments, bool isAuthenticated)
    {
        Subject = subject;
        Name = name;
        _roles = roles;
        _departments = departments;
        IsAuthenticated = isAuthenticated;
    }

    /// <summary>A caller without a token where anonymous access is on: a read-only analyst.</summary>
    public static CatalogPrincipal Anonymous { get; } = new(null, null, AnalystOnly, new HashSet<string>(StringComparer.OrdinalIgnoreCase), false);

    /// <summary>The token's <c>sub</c>; null for an anonymous caller.</summary>
    public string? Subject { get; }

    /// <summary>The token's <c>name</c>, else its subject; null for an anonymous caller.</summary>
    public string? Name { get; }

    /// <summary>The roles the token names; an authenticated token naming none is an analyst.</summary>
    public IReadOnlyCollection<CatalogRole> Roles => _roles;

    /// <summary>Department codes of the token's <c>department</c> claims (they matter only with the steward role).</summary>
    public IReadOnlyCollection<string> Departments => _departments;

    public bool IsAuthenticated { get; }

    public bool IsAdmin => _roles.Contains(CatalogRole.Admin);

    public bool IsAuditor => _roles.Contains(CatalogRole.Auditor);

    public bool IsSteward => _roles.Contains(CatalogRole.Steward);

    public bool HasRole(CatalogRole role) => _roles.Contains(role);

    /// <summary>True for a steward whose token names <paramref name="departmentCode"/> (case-insensitive). Admins are not
    /// stewards of every department: where admins may act too, callers check <see cref="IsAdmin"/> as well.</summary>
    public bool StewardsDepartment(string? departmentCode)
        => departmentCode is not null && IsSteward && _departments.Contains(departmentCode);

    /// <summary>Samples, top values, min/max and failing examples of personal-data columns: that department's stewards and auditors.</summary>
    public bool MaySeePersonalData(string? departmentCode) => IsAuditor || StewardsDepartment(departmentCode);

    /// <summary>A run's error text and connection-level detail: admins and the source department's stewards.</summary>
    public bool MaySeeRunDetail(string? departmentCode) => IsAdmin || StewardsDepartment(departmentCode);

    /// <summary>Edits to a department's datasets and findings: its stewards and admins.</summary>
    public bool MayChangeDepartment(string? departmentCode) => IsAdmin || StewardsDepartment(departmentCode);

    /// <summary>Reads the principal from <paramref name="user"/>'s claims; an unauthenticated user is <see cref="Anonymous"/>
    /// (whether anonymous callers get in at all is the endpoint's decision, not this one's).</summary>
    public static CatalogPrincipal FromClaims(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        var roles = new HashSet<CatalogRole>();
        foreach (var claim in user.Claims)
        {
            // ClaimTypes.Role too, for a handler that maps inbound claims to the long WS-* names.
            if (claim.Type is CatalogClaimTypes.Role or ClaimTypes.Role && CatalogRoles.Parse(claim.Value) is { } role)
            {
                roles.Add(role);
            }
        }

        if (roles.Count == 0)
        {
            roles.Add(CatalogRole.Analyst);
        }

        var departments = new HashSet<string>(
            user.FindAll(CatalogClaimTypes.Department).Select(c => c.Value.Trim()).Where(v => v.Length > 0),
            StringComparer.OrdinalIgnoreCase);
        var subject = user.FindFirst(CatalogClaimTypes.Subject)?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var name = user.FindFirst(CatalogClaimTypes.Name)?.Value ?? user.FindFirst(ClaimTypes.Name)?.Value ?? subject;
        return new CatalogPrincipal(subject, name, roles, departments, true);
    }

    public override string ToString()
        => IsAuthenticated
            ? $"{Name ?? Subject} ({string.Join(',', _roles.Select(CatalogRoles.Name))}{(_departments.Count > 0 ? " of " + string.Join(',', _departments) : "")})"
            : "anonymous";
}
