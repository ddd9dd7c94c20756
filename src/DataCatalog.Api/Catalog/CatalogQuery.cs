using System.Globalization;
using System.Text;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using DataCatalog.Persistence.Search;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Catalog;

/// <summary>The catalog's read side: search, drill-down and run history.</summary>
public sealed class CatalogQuery : ObjectGraphType
{
    /// <summary>Largest page a client may ask for.</summary>
    public const int MaxPageSize = 100;

    /// <summary>
    /// Complexity of one SQL statement: a root field costs the statements it runs, so that a document of many cheap
    /// aliases is priced by the database work it asks for. 30 root fields of a connection with facets (5 statements
    /// each) stay under the default limit of 20,000; 1,000 aliases of <c>datasets</c> do not.
    /// </summary>
    public const double SqlStatementCost = 100;

    public CatalogQuery()
    {
        Name = "Query";

        Field<NonNullGraphType<DatasetConnectionType>>("datasets")
            .Description("Datasets matching free text (words, Korean substrings, typos) and filters, best first when searching.")
            .Argument<StringGraphType>("search", "Free text, matched by the in-memory search index as search(text:) matches it; offset-paged and ordered as before.", a => a.DeprecationReason = "Use `search(text:)`: it ranks, filters on scores, grades and findings, facets and pages by keyset.")
            .Argument<StringGraphType>("department", "Department code.")
            .Argument<StringGraphType>("sourceId")
            .Argument<BooleanGraphType>("includeWithdrawn", "Also list datasets gone from their source.")
            .Argument<IntGraphType>("first", $"Page size, 1–{MaxPageSize} (default 20).")
            .Argument<StringGraphType>("after", "Cursor of the last dataset of the previous page.")
            .WithComplexityImpact(2 * SqlStatementCost, 1) // the count and the page
            .ResolveAsync(async ctx =>
            {
                var first = CatalogArguments.PageSize(ctx, "first", 20, MaxPageSize);
                var offset = ctx.GetArgument<string?>("after") is { } after ? DecodeCursor(after) + 1 : 0;
                var criteria = new DatasetSearch.Criteria(
                    CatalogArguments.SearchText(ctx, "search"), CatalogArguments.Identifier(ctx, "department"),
                    ctx.GetArgument<bool?>("includeWithdrawn") ?? false, CatalogArguments.Identifier(ctx, "sourceId"));
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                var match = await DatasetSearch.MatchAsync(db, ctx.RequestServices!.GetRequiredService<SearchIndex>(), criteria, ctx.CancellationToken);
                var (total, page) = await DatasetSearch.FindAsync(db, match, offset, first, ctx.CancellationToken);
                var edges = page.Select((d, i) => new DatasetEdge(EncodeCursor(offset + i), DatasetRecord.From(d))).ToList();
                return new DatasetConnection(total, edges, new PageInfo(
                    HasNextPage: offset + edges.Count < total,
                    HasPreviousPage: offset > 0,
                    StartCursor: edges.FirstOrDefault()?.Cursor,
                    EndCursor: edges.LastOrDefault()?.Cursor), match);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Reports.ReportKindType>>>>("reports")
            .Description("The compliance reports auditors and admins export (GET /reports/{kind}) and their parameters.")
            .Resolve(_ => Core.Reports.ReportKinds.All);

        Field<DatasetType>("dataset")
            .Description("One dataset by id, withdrawn or not.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .WithComplexityImpact(SqlStatementCost, 1)
            .ResolveAsync(async ctx =>
            {
                var id = CatalogArguments.Id(ctx, "id");
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                return await db.Datasets.Where(d => d.Id == id).Select(DatasetRecord.Project).SingleOrDefaultAsync(ctx.CancellationToken);
            });

        Field<NonNullGraphType<Scoring.CityType>>("city").Description("The city's roll-up scores.").Resolve(_ => new object());

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DepartmentType>>>>("departments")
            .Description("Departments with their number of active datasets and average score.")
            .WithComplexityImpact(2 * SqlStatementCost, 1)
            .ResolveAsync(async ctx =>
            {
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                var stats = await db.Datasets.Where(d => d.Status == DatasetStatus.Active)
                    .GroupBy(d => d.Source!.DepartmentId)
                    .Select(g => new { DepartmentId = g.Key, Count = g.Count(), Average = g.Average(d => d.LatestScore) })
                    .ToDictionaryAsync(s => s.DepartmentId, ctx.CancellationToken);
                var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Code).ToListAsync(ctx.CancellationToken);
                return departments.Select(d => stats.TryGetValue(d.Id, out var s)
                        ? new DepartmentSummary(d.Code, d.Name, s.Count, s.Average is { } a ? Math.Round(a, 2) : null)
                        : new DepartmentSummary(d.Code, d.Name, 0, null))
                    .ToList();
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HarvestRunType>>>>("harvestRuns")
            .Description("Harvest runs, newest first.")
            .Argument<StringGraphType>("sourceId")
            .Argument<IntGraphType>("last", $"How many runs, 1–{MaxPageSize} (default 20).")
            .Argument<IdGraphType>("before", "Only runs older than this run id: the id of the last run of the previous page.")
            .WithComplexityImpact(SqlStatementCost, 1)
            .ResolveAsync(async ctx =>
            {
                var last = CatalogArguments.PageSize(ctx, "last", 20, MaxPageSize);
                var sourceId = CatalogArguments.Identifier(ctx, "sourceId");
                long? before = ctx.GetArgument<string?>("before") is null ? null : CatalogArguments.Id(ctx, "before");
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                var runs = db.HarvestRuns.AsNoTracking();
                if (sourceId is not null)
                {
                    runs = runs.Where(r => r.SourceId == sourceId);
                }

                if (before is { } olderThan)
                {
                    runs = runs.Where(r => r.Id < olderThan);
                }

                return await RunRecordsAsync(db, runs.OrderByDescending(r => r.Id).Take(last), ctx.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceType>>>>("sources")
            .Argument<StringGraphType>("department")
            .WithComplexityImpact(SqlStatementCost, 1)
            .ResolveAsync(async ctx =>
            {
                var department = CatalogArguments.Identifier(ctx, "department");
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                var sources = db.Sources.AsQueryable();
                if (department is not null)
                {
                    sources = sources.Where(s => s.Department!.Code == department);
                }

                return await sources.OrderBy(s => s.Id).Select(SourceRecord.Project).ToListAsync(ctx.CancellationToken);
            });

        Standards.StandardFields.AddTo(this);
        Mutations.AuditFields.AddTo(this);
        Access.ViewerType.AddTo(this);
        Search.SearchFields.AddTo(this);
    }

    /// <summary>The runs of <paramref name="runs"/>, in its order, as read models with their source's department.</summary>
    internal static async Task<List<HarvestRunRecord>> RunRecordsAsync(CatalogDbContext db, IQueryable<HarvestRun> runs, CancellationToken cancellationToken)
    {
        var page = await runs
            .Select(r => new
            {
                Run = r,
                Department = db.Sources.Where(s => s.Id == r.SourceId).Select(s => s.Department!.Code).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return page.Select(p => new HarvestRunRecord(
                p.Run.Id, p.Run.SourceId, p.Department, p.Run.Trigger, p.Run.Node, p.Run.StartedAt, p.Run.FinishedAt, p.Run.Status,
                p.Run.DatasetsSeen, p.Run.DatasetsAdded, p.Run.DatasetsChanged, p.Run.DatasetsWithdrawn, p.Run.DatasetsFailed, p.Run.RowsRejected,
                p.Run.Error, [.. p.Run.DatasetErrors.Select(e => new DatasetErrorRecord(e.Dataset, e.Error))], p.Run.Warnings))
            .ToList();
    }

    internal static string EncodeCursor(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture)));

    internal static int DecodeCursor(string cursor)
    {
        try
        {
            // Cursors this catalog issues are about 20 characters; a long one is not worth decoding.
            if (cursor.Length > 64)
            {
                throw new FormatException();
            }

            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith("offset:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                // The page after this cursor starts at offset + 1, which must not overflow into a negative OFFSET.
                && offset < int.MaxValue)
            {
                return offset;
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw CatalogArguments.Invalid(
            $"'after' is not a cursor this catalog issued: '{CatalogArguments.Echo(cursor)}'. Pass a pageInfo.endCursor from an earlier page.");
    }
}
