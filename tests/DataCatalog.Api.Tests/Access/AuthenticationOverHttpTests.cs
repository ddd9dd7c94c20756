using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataCatalog.Api.Access;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataCatalog.Api.Tests.Access;

public sealed class AuthenticationOverHttpTests(AccessApiServer server) : IClassFixture<AccessApiServer>
{
    private const string Departments = "{ departments { code } }";

    [Fact]
    public async Task A_request_without_a_token_is_refused_with_401_and_UNAUTHENTICATED_when_anonymous_access_is_off()
    {
        var (status, body) = await server.PostAsync(Departments, token: null);

        Assert.Equal(401, status);
        Assert.Equal(["UNAUTHENTICATED"], AccessApiServer.Codes(body));
        Assert.False(body.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task A_GET_without_a_token_is_refused_with_a_bearer_challenge()
    {
        using var response = await server.Client.GetAsync(new Uri("/graphql?query=" + Uri.EscapeDataString(Departments), UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_development_token_reads_the_catalog()
    {
        var data = await server.DataAsync(Departments, server.Token("analyst"));

        Assert.Equal(["ENV", "TRN", "WEL"], data.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("code").GetString()).Order());
    }

    [Fact]
    public async Task Without_a_token_anonymous_access_reads_as_an_analyst_where_it_is_on()
    {
        var (status, body) = await server.PostAsync(Departments, token: null, path: "/graphql-anonymous");

        Assert.Equal(200, status);
        Assert.Equal(3, body.GetProperty("data").GetProperty("departments").GetArrayLength());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused_even_where_anonymous_access_is_on()
    {
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokenIssuer.Issuer,
            Audience = "datacatalog",
            Claims = new Dictionary<string, object> { ["sub"] = "mallory", ["role"] = "admin" },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
        });

        var (status, body) = await server.PostAsync(Departments, forged, path: "/graphql-anonymous");

        Assert.Equal(401, status);
        Assert.Equal(["UNAUTHENTICATED"], AccessApiServer.Codes(body));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var expired = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevelopmentTokenIssuer.Issuer,
            Audience = "datacatalog",
            Claims = new Dictionary<string, object> { ["sub"] = "late", ["role"] = "analyst" },
            IssuedAt = DateTime.UtcNow.AddHours(-3),
            NotBefore = DateTime.UtcNow.AddHours(-3),
            Expires = DateTime.UtcNow.AddHours(-2),
            SigningCredentials = new SigningCredentials(server.Issuer.SigningKey, SecurityAlgorithms.HmacSha256),
        });

        var (status, body) = await server.PostAsync(Departments, expired);

        Assert.Equal(401, status);
        Assert.Equal(["UNAUTHENTICATED"], AccessApiServer.Codes(body));
    }

    [Fact]
    public async Task Auth_config_says_anonymous_is_off_and_development_tokens_are_on()
    {
        var config = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/auth/config", UriKind.Relative));

        Assert.False(config.GetProperty("anonymous").GetBoolean());
        Assert.True(config.GetProperty("developmentTokens").GetBoolean());
    }

    [Fact]
    public async Task Post_auth_token_issues_a_steward_token_the_endpoint_accepts()
    {
        using var response = await server.Client.PostAsJsonAsync(new Uri("/auth/token", UriKind.Relative),
            new { role = "steward", departments = new[] { "TRN" }, name = "Kim" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var claims = new JsonWebToken(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("steward", claims.GetClaim("role").Value);
        Assert.Equal("TRN", claims.GetClaim("department").Value);
        Assert.Equal("Kim", claims.GetClaim("name").Value);
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(7));
        Assert.Equal(3, (await server.DataAsync(Departments, token)).GetProperty("departments").GetArrayLength());
    }

    [Fact]
    public async Task Post_auth_token_refuses_a_steward_without_departments_with_the_fix()
    {
        using var response = await server.Client.PostAsJsonAsync(new Uri("/auth/token", UriKind.Relative), new { role = "steward" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("--department", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_development_key_file_is_readable_only_by_its_owner()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.KeyFile));
    }
}
