using DataCatalog.Api.Access;
using DataCatalog.Core.Access;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Audit;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
                var caller = CatalogPrincipal.FromClaims(ctx.User);
                if (!caller.IsAuditor && !caller.IsAdmin)
                {
                    throw caller.IsAuthenticated
                        ? AccessErrors.NotAllowed($"Only auditors and admins verify the audit trail; your token is {caller}.")
                        : AccessErrors.NotAuthenticated("Verifying the audit trail needs an auditor's or admin's token.");
                }

                var factory = ctx.RequestServices!.GetKeyedService<IDbContextFactory<CatalogDbContext>>(CatalogPool.Api)
                              ?? ctx.RequestServices!.GetRequiredService<IDbContextFactory<CatalogDbContext>>();
                await using var db = await factory.CreateDbContextAsync(ctx.CancellationToken);
                return await AuditChainVerifier.VerifyAsync(db, ctx.CancellationToken);
            });
    }
}
