using System.Globalization;
using System.Text;
using DataCatalog.Persistence.Model;
using DataCatalog.Persistence.Search;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Api.Catalog;

/// <summary>The catalog's read side: search, drill-down and run history.</summary>
public sealed class CatalogQuery : ObjectGraphType
{
    /// <summary>Largest page a client may ask for.</summary>
    public const int MaxPageSize = 100;

    public CatalogQuery()
    {
        Name = "Query";

        Field<NonNullGraphType<DatasetConnectionType>>("datasets")
            .Description("Datasets matching free text (words, Korean substrings, typos) and filters, best first when searching.")
            .Argument<StringGraphType>("search")
            .Argument<StringGraphType>("department", "Department code.")
            .Argument<StringGraphType>("sourceId")
            .Argument<BooleanGraphType>("includeWithdrawn", "Also list datasets gone from their source.")
            .Argument<IntGraphType>("first", $"Page size, 1–{MaxPageSize} (default 20).")
            .Argument<StringGraphType>("after", "Cursor of the last dataset of the previous page.")
            .ResolveAsync(async ctx =>
            {
                var first = ctx.GetArgument<int?>("first") ?? 20;
                if (first is < 1 or > MaxPageSize)
                {
                    throw new ExecutionError($"'first' must be between 1 and {MaxPageSize}; it was {first}.");
                }

                var offset = ctx.GetArgument<string?>("after") is { } after ? DecodeCursor(after) + 1 : 0;
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                var criteria = new DatasetSearch.Criteria(
                    ctx.GetArgument<string?>("search"), ctx.GetArgument<string?>("department"),
                    ctx.GetArgument<bool?>("includeWithdrawn") ?? false, ctx.GetArgument<string?>("sourceId"));
                var (total, page) = await DatasetSearch.FindAsync(db, criteria, offset, first, ctx.CancellationToken);
                var edges = page.Select((d, i) => new DatasetEdge(EncodeCursor(offset + i), d)).ToList();
                return new DatasetConnection(total, edges, new PageInfo(
                    HasNextPage: offset + edges.Count < total,
                    HasPreviousPage: offset > 0,
                    StartCursor: edges.FirstOrDefault()?.Cursor,
                    EndCursor: edges.LastOrDefault()?.Cursor), criteria);
            });

        Field<DatasetType>("dataset")
            .Description("One dataset by id, withdrawn or not.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async ctx =>
            {
                var id = ctx.GetArgument<long>("id");
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                return await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ctx.CancellationToken);
            });

        Field<NonNullGraphType<Scoring.CityType>>("city").Description("The city's roll-up scores.").Resolve(_ => new object());

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DepartmentType>>>>("departments")
            .Description("Departments with their number of active datasets and average score.")
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
            .ResolveAsync(async ctx =>
            {
                var last = Math.Clamp(ctx.GetArgument<int?>("last") ?? 20, 1, MaxPageSize);
                var sourceId = ctx.GetArgument<string?>("sourceId");
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                var runs = db.HarvestRuns.AsNoTracking();
                if (sourceId is not null)
                {
                    runs = runs.Where(r => r.SourceId == sourceId);
                }

                return await runs.OrderByDescending(r => r.Id).Take(last).ToListAsync(ctx.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceType>>>>("sources")
            .Argument<StringGraphType>("department")
            .ResolveAsync(async ctx =>
            {
                var department = ctx.GetArgument<string?>("department");
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                var sources = db.Sources.AsNoTracking().Include(s => s.Department).AsQueryable();
                if (department is not null)
                {
                    sources = sources.Where(s => s.Department!.Code == department);
                }

                return await sources.OrderBy(s => s.Id).ToListAsync(ctx.CancellationToken);
            });
    }

    internal static string EncodeCursor(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture)));

    internal static int DecodeCursor(string cursor)
    {
        try
        {
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

        throw new ExecutionError($"'after' is not a cursor this catalog issued: '{cursor}'. Pass a pageInfo.endCursor from an earlier page.");
    }
}
