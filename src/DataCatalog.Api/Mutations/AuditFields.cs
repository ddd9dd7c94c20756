using DataCatalog.Api.Access;
using DataCatalog.Api.Catalog;
using DataCatalog.Persistence.Audit;
using GraphQL.Types;

namespace DataCatalog.Api.Mutations;

/// <summary>The query field <c>auditVerify</c>: the audit chain walked now, for auditors and admins.</summary>
public static class AuditFields
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<AuditChainStatusType>>("auditVerify")
            .Description("Walks the audit trail's hash chain in order and names the first broken event. Auditors and admins.")
            .ResolveAsync(async ctx =>
            {
                AccessContext.Require(ctx, caller => caller.IsAuditor || caller.IsAdmin, "auditors and admins");
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                return await AuditChainVerifier.VerifyAsync(db, ctx.CancellationToken);
            });
    }
}
