using DataCatalog.Core.Access;
using GraphQL.Types;

namespace DataCatalog.Api.Access;

/// <summary>The caller as the catalog reads their token: <c>me</c>.</summary>
public sealed class ViewerType : ObjectGraphType<CatalogPrincipal>
{
    public ViewerType()
    {
        Name = "Viewer";
        Description = "The caller as the catalog reads their token.";
        Field<StringGraphType>("subject").Description("The token's sub; null for an anonymous caller.").Resolve(ctx => ctx.Source.Subject);
        Field<StringGraphType>("name").Resolve(ctx => ctx.Source.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("roles")
            .Description("analyst, steward, auditor, admin.")
            .Resolve(ctx => ctx.Source.Roles.Order().Select(CatalogRoles.Name).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("departments")
            .Description("Department codes a steward looks after.")
            .Resolve(ctx => ctx.Source.Departments.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Adds <c>me</c> to the query type.</summary>
    public static void AddTo(ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<ViewerType>("me")
            .Description("Who the catalog takes the caller to be: subject, name, roles and departments.")
            .Resolve(ctx => AccessContext.Principal(ctx));
    }
}
