using GraphQL;

namespace DataCatalog.Api.Access;

/// <summary>The stable codes of refusals (<c>extensions.code</c>) and the errors that carry them.</summary>
public static class AccessErrors
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";

    /// <summary>No token, or one that was not accepted.</summary>
    public static ExecutionError NotAuthenticated(string message) => new(message) { Code = Unauthenticated };

    /// <summary>A valid token whose roles do not allow this.</summary>
    public static ExecutionError NotAllowed(string message) => new(message) { Code = Forbidden };
}
