using System.Security.Claims;
using DataCatalog.Core.Access;

namespace DataCatalog.Core.Tests.Access;

public sealed class CatalogPrincipalTests
{
    private static ClaimsPrincipal User(params (string Type, string Value)[] claims)
        => new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), authenticationType: "Bearer"));

    [Fact]
    public void An_unauthenticated_user_is_the_anonymous_analyst()
    {
        var principal = CatalogPrincipal.FromClaims(new ClaimsPrincipal(new ClaimsIdentity()));

        Assert.False(principal.IsAuthenticated);
        Assert.Equal([CatalogRole.Analyst], principal.Roles);
        Assert.Null(principal.Subject);
        Assert.False(principal.MaySeePersonalData("transport"));
    }

    [Fact]
    public void Repeated_role_and_department_claims_are_all_read()
    {
        var principal = CatalogPrincipal.FromClaims(User(
            ("sub", "u-17"), ("name", "김민수"), ("role", "steward"), ("role", "auditor"), ("department", "transport"), ("department", "welfare")));

        Assert.True(principal.IsAuthenticated);
        Assert.Equal("u-17", principal.Subject);
        Assert.Equal("김민수", principal.Name);
        Assert.Equal([CatalogRole.Steward, CatalogRole.Auditor], principal.Roles.Order());
        Assert.True(principal.StewardsDepartment("TRANSPORT"));
        Assert.True(principal.StewardsDepartment("welfare"));
        Assert.False(principal.StewardsDepartment("safety"));
        Assert.True(principal.IsAuditor);
        Assert.False(principal.IsAdmin);
    }

    [Fact]
    public void A_department_claim_without_the_steward_role_stewards_nothing()
    {
        var principal = CatalogPrincipal.FromClaims(User(("sub", "a"), ("role", "analyst"), ("department", "transport")));

        Assert.False(principal.StewardsDepartment("transport"));
        Assert.False(principal.MaySeePersonalData("transport"));
        Assert.False(principal.MaySeeRunDetail("transport"));
    }

    [Fact]
    public void A_token_without_a_known_role_is_an_analyst()
    {
        var principal = CatalogPrincipal.FromClaims(User(("sub", "x"), ("role", "superuser")));

        Assert.Equal([CatalogRole.Analyst], principal.Roles);
        Assert.Equal("x", principal.Name);
    }

    [Fact]
    public void Admins_see_run_detail_and_change_any_department_but_not_personal_data()
    {
        var admin = CatalogPrincipal.FromClaims(User(("sub", "root"), ("role", "admin")));

        Assert.True(admin.MaySeeRunDetail("welfare"));
        Assert.True(admin.MayChangeDepartment("welfare"));
        Assert.False(admin.StewardsDepartment("welfare"));
        Assert.False(admin.MaySeePersonalData("welfare"));
    }

    [Fact]
    public void Auditors_see_personal_data_of_every_department_but_not_run_detail()
    {
        var auditor = CatalogPrincipal.FromClaims(User(("sub", "audit"), ("role", "auditor")));

        Assert.True(auditor.MaySeePersonalData("welfare"));
        Assert.False(auditor.MaySeeRunDetail("welfare"));
        Assert.False(auditor.MayChangeDepartment("welfare"));
    }
}
