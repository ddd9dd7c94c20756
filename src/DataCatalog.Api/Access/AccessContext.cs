using DataCatalog.Api.Batching;
using DataCatalog.Api.Catalog;
using DataCatalog.Core.Access;
using DataCatalog.Core.Privacy;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Access;

/// <summary>The department of a dataset and its personal-data columns: what visibility decisions need to know.</summary>
public sealed record DatasetScope(string? Department, IReadOnlySet<string> PersonalColumns);

/// <summary>The caller of a GraphQL request and the refusals and visibility decisions made for them.</summary>
public static class AccessContext
{
    private const string PrincipalKey = "catalogPrincipal";

    /// <summary>Sentence the withheld fields point to, so a client can show why a value is missing.</summary>
    public const string PersonalDataWithheld = "withheld: personal data is shown to the department's stewards and to auditors";

    public const string RunDetailWithheld = "withheld: run details are shown to admins and the source department's stewards";

    /// <summary>The caller (read once per request from <see cref="IResolveFieldContext.User"/>).</summary>
    public static CatalogPrincipal Principal(IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.UserContext.TryGetValue(PrincipalKey, out var cached) && cached is CatalogPrincipal principal)
        {
            return principal;
        }

        principal = CatalogPrincipal.FromClaims(context.User);
        context.UserContext[PrincipalKey] = principal;
        return principal;
    }

    /// <summary>Refuses with <c>UNAUTHENTICATED</c> unless the caller sent an accepted token (anonymous callers only read).</summary>
    public static CatalogPrincipal RequireAuthenticated(IResolveFieldContext context)
    {
        var principal = Principal(context);
        return principal.IsAuthenticated
            ? principal
            : throw AccessErrors.NotAuthenticated("This needs a signed-in caller: send 'Authorization: Bearer <token>'.");
    }

    /// <summary>Refuses with <c>FORBIDDEN</c> (naming what would be allowed) unless <paramref name="allowed"/> holds for the caller.</summary>
    public static CatalogPrincipal Require(IResolveFieldContext context, Func<CatalogPrincipal, bool> allowed, string whoMay)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var principal = RequireAuthenticated(context);
        return allowed(principal)
            ? principal
            : throw AccessErrors.NotAllowed($"Only {whoMay} may do this; your token is {principal}.");
    }

    /// <summary>The department and personal-data columns of <paramref name="datasetId"/>, batched: one query per level.</summary>
    public static IDataLoaderResult<DatasetScope?> Scope(IResolveFieldContext context, long datasetId)
        => context.RequestServices!.GetRequiredService<BatchLoaderContext>().Load<long, DatasetScope>("datasetScope", datasetId, async (ids, ct) =>
        {
            await using var db = await CatalogLoaders.Db(context).CreateDbContextAsync(ct);
            var rows = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.Id))
                .Select(d => new
                {
                    d.Id,
                    Department = d.Source!.Department!.Code,
                    Personal = d.Columns.Where(c => c.PiiClass != PiiClass.None).Select(c => c.Name).ToList(),
                })
                .ToListAsync(ct);
            return rows.ToDictionary(r => r.Id, r => new DatasetScope(r.Department, r.Personal.ToHashSet(StringComparer.Ordinal)));
        });

    /// <summary>
    /// Whether the caller may see the failing examples of a rule on <paramref name="columnName"/> of <paramref name="datasetId"/>:
    /// always for a dataset-level rule or a column without personal data, else only for that department's stewards and auditors.
    /// </summary>
    public static IDataLoaderResult<bool> MaySeeExamples(IResolveFieldContext context, long datasetId, string? columnName)
    {
        var principal = Principal(context);
        if (columnName is null || principal.IsAuditor)
        {
            return new CompletedResult<bool>(true);
        }

        return Scope(context, datasetId).Then(scope =>
            scope is null || !scope.PersonalColumns.Contains(columnName) || principal.MaySeePersonalData(scope.Department));
    }
}
