using DataCatalog.Api.Catalog;
using DataCatalog.Core.Standards;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Api.Standards;

/// <summary>The standard dictionaries on the read side: imported editions, and term lookups in the active dictionary.</summary>
public static class StandardFields
{
    /// <summary>Adds <c>standardEditions</c> and <c>standardTerms</c> to the query type.</summary>
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StandardEditionType>>>>("standardEditions")
            .Description("Imported editions of the common standard (공공데이터 공통표준) and the city's extensions, oldest first.")
            .ResolveAsync(async ctx =>
            {
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                return await db.StandardEditions.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StandardTermType>>>>("standardTerms")
            .Description("Terms of the active dictionary (latest base edition with its extensions) whose Korean name contains, or whose English abbreviation starts with, the search text; exact matches first.")
            .Argument<NonNullGraphType<StringGraphType>>("search")
            .Argument<IntGraphType>("first", $"How many, 1–{CatalogQuery.MaxPageSize} (default 20).")
            .ResolveAsync(async ctx =>
            {
                var first = ctx.GetArgument<int?>("first") ?? 20;
                if (first is < 1 or > CatalogQuery.MaxPageSize)
                {
                    throw new ExecutionError($"'first' must be between 1 and {CatalogQuery.MaxPageSize}; it was {first}.");
                }

                var search = ctx.GetArgument<string>("search").Trim();
                if (search.Length == 0)
                {
                    throw new ExecutionError("'search' is empty; give part of a Korean term (주차장) or an abbreviation (PKLT).");
                }

                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                return await FindTermsAsync(db, search, first, ctx.CancellationToken);
            });
    }

    private static async Task<List<StandardTermLookup>> FindTermsAsync(CatalogDbContext db, string search, int first, CancellationToken cancellationToken)
    {
        var editions = await db.StandardEditions.AsNoTracking().OrderByDescending(e => e.Id).ToListAsync(cancellationToken);
        var latestBase = editions.FirstOrDefault(e => e.Kind == StandardEditionKind.Base);
        var termsFrom = editions.FirstOrDefault(e => e.Kind == StandardEditionKind.Base && e.Terms > 0);
        var domainsFrom = editions.FirstOrDefault(e => e.Kind == StandardEditionKind.Base && e.Domains > 0);
        if (latestBase is null || termsFrom is null)
        {
            return [];
        }

        var layers = editions.Where(e => e.BaseEditionId == latestBase.Id).Select(e => e.Id).Append(termsFrom.Id).ToList();
        var names = editions.ToDictionary(e => e.Id, e => e.Name);
        var pattern = "%" + Like(search) + "%";
        var prefix = Like(search) + "%";
        var candidates = await db.StandardTerms.AsNoTracking()
            .Where(t => layers.Contains(t.EditionId) && !t.Retired
                        && (EF.Functions.Like(t.Name, pattern, "\\") || EF.Functions.ILike(t.Abbreviation, prefix, "\\")))
            .OrderBy(t => t.Name.Length).ThenBy(t => t.Name)
            .Take(first * 4 + 20)
            .ToListAsync(cancellationToken);
        var domainEditions = editions.Where(e => e.BaseEditionId == latestBase.Id).Select(e => e.Id).Append(domainsFrom?.Id ?? 0).ToList();
        var domains = (await db.StandardDomains.AsNoTracking().Where(d => domainEditions.Contains(d.EditionId) && !d.Retired).ToListAsync(cancellationToken))
            .OrderByDescending(d => d.EditionId).GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.First());
        return candidates
            // An extension's row replaces the base row of the same name (extensions have higher ids).
            .GroupBy(t => t.Name).Select(g => g.OrderByDescending(t => t.EditionId).First())
            .OrderBy(t => t.Name == search || string.Equals(t.Abbreviation, search, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(t => t.Name.Length).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Take(first)
            .Select(t => new StandardTermLookup(t.Name, t.Abbreviation, t.Description, t.DomainName,
                t.DomainName is not null && domains.TryGetValue(t.DomainName, out var d) ? ToDomain(d).SqlType : null,
                t.AllowedValues, t.StorageFormat, names[t.EditionId]))
            .ToList();
    }

    private static StandardDomain ToDomain(StandardDomainRow d) =>
        new(d.Group, d.Class, d.Name, d.Description, d.DataType, d.Length, d.Scale, d.StorageFormat, d.DisplayFormat, d.Unit, d.AllowedValues, d.Enacted, d.Retired);

    private static string Like(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

/// <summary>A standard term as a lookup returns it, with its domain's SQL type.</summary>
public sealed record StandardTermLookup(
    string Name, string Abbreviation, string? Description, string? DomainName, string? ExpectedType, string? AllowedValues, string? StorageFormat, string Edition);

/// <summary>An imported edition of the standard dictionaries.</summary>
public sealed class StandardEditionType : ObjectGraphType<StandardEdition>
{
    public StandardEditionType()
    {
        Name = "StandardEdition";
        Description = "An imported edition of the common standard dictionaries, or a city extension over one; its rows never change.";
        Field(e => e.Name).Description("2024-11 for a base edition; the city's name for an extension.");
        Field<NonNullGraphType<StringGraphType>>("kind").Description("base or extension.").Resolve(ctx => ctx.Source.Kind.ToString().ToLowerInvariant());
        Field(e => e.ImportedAt);
        Field(e => e.SourceFiles);
        Field(e => e.Sha256);
        Field(e => e.Words);
        Field(e => e.Terms);
        Field(e => e.Domains);
        Field(e => e.RetiredRows).Description("Rows kept for history (폐기) and never matched.");
    }
}

/// <summary>A term of the active dictionary.</summary>
public sealed class StandardTermType : ObjectGraphType<StandardTermLookup>
{
    public StandardTermType()
    {
        Name = "StandardTerm";
        Description = "A standard term (표준용어): a column name made of standard words, its English abbreviation and its domain.";
        Field(t => t.Name).Description("Korean term, such as 주차장명.");
        Field(t => t.Abbreviation).Description("English abbreviation, such as PKLT_NM.");
        Field(t => t.Description, nullable: true);
        Field(t => t.DomainName, nullable: true).Description("Standard domain, such as 명V300.");
        Field(t => t.ExpectedType, nullable: true).Description("The domain's type as SQL says it, such as VARCHAR(300).");
        Field(t => t.AllowedValues, nullable: true);
        Field(t => t.StorageFormat, nullable: true);
        Field(t => t.Edition).Description("The edition the term comes from.");
    }
}
