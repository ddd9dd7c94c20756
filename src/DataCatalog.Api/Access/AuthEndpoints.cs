using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Access;

/// <summary><c>GET /auth/config</c> (always) and <c>POST /auth/token</c> (only with development tokens enabled).</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapCatalogAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<CatalogAuthOptions>();
        var issuer = endpoints.ServiceProvider.GetService<DevelopmentTokenIssuer>();
        endpoints.MapGet("/auth/config", () => Results.Json(new AuthConfig(options.AllowAnonymous, issuer is not null)));
        if (issuer is not null)
        {
            endpoints.MapPost("/auth/token", async (HttpContext context) =>
            {
                TokenRequestBody? body;
                try
                {
                    body = await context.Request.ReadFromJsonAsync<TokenRequestBody>(context.RequestAborted);
                }
                catch (System.Text.Json.JsonException)
                {
                    body = null;
                }
                catch (InvalidOperationException)
                {
                    // Not JSON at all (no or another content type).
                    body = null;
                }

                if (body?.Role is null)
                {
                    return Results.Json(
                        new AuthError("BAD_REQUEST", """Send JSON {"role":"steward","departments":["transport"],"name":"Kim"} with content-type application/json."""),
                        statusCode: StatusCodes.Status400BadRequest);
                }

                try
                {
                    var lifetime = body.Hours is { } hours ? TimeSpan.FromHours(hours) : (TimeSpan?)null;
                    var issued = issuer.Issue(new DevelopmentTokenRequest(body.Role, body.Departments ?? [], body.Name, lifetime));
                    return Results.Json(new TokenResponse(issued.Token, issued.ExpiresAt));
                }
                catch (ArgumentException ex)
                {
                    return Results.Json(new AuthError("BAD_REQUEST", ex.Message), statusCode: StatusCodes.Status400BadRequest);
                }
            });
        }

        return endpoints;
    }

    private sealed record AuthConfig(
        [property: JsonPropertyName("anonymous")] bool Anonymous,
        [property: JsonPropertyName("developmentTokens")] bool DevelopmentTokens);

    private sealed record TokenRequestBody(
        [property: JsonPropertyName("role")] string? Role,
        [property: JsonPropertyName("departments")] IReadOnlyList<string>? Departments,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("hours")] double? Hours);

    private sealed record TokenResponse(
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt);

    private sealed record AuthError(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("message")] string Message);
}
