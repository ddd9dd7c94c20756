using System.Globalization;
using DataCatalog.Api.Catalog;
using DataCatalog.Core.Privacy;
using DataCatalog.Core.Scoring;
using DataCatalog.Persistence.Search;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Api.Search;

/// <summary>The search side of the query type: <c>search</c>, <c>columns</c> and <c>node</c>.</summary>
public static class SearchFields
{
    /// <summary>Adds <c>search</c>, <c>columns</c> and <c>node</c> to the query type.</summary>
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<SearchConnectionType>>("search")
            .Description("Datasets matching free text (words, Korean substrings, typos; titles, descriptions, keywords, columns and standard terms) and filters, with keyset paging, the count and facets of all matches from the host's in-memory index of the search documents.")
            .Argument<StringGraphType>("text", "Free text; without it every dataset passing the filters matches.")
            .Argument<SearchFilterInputType>("filter")
            .Argument<SearchSortType>("sort", "Default: RELEVANCE with text, NAME without.")
            .Argument<IntGraphType>("first", $"Page size, 1–{CatalogQuery.MaxPageSize} (default 20).")
            .Argument<StringGraphType>("after", "pageInfo.endCursor of the previous page; stays valid while datasets are added and withdrawn.")
            .WithComplexityImpact(2 * CatalogQuery.SqlStatementCost, 1) // the search statement and the datasets of the page
            .ResolveAsync(async ctx =>
            {
                var first = CatalogArguments.PageSize(ctx, "first", 20, CatalogQuery.MaxPageSize);
                var text = CatalogArguments.SearchText(ctx, "text");
                var filters = Filters(ctx);
                var sort = ctx.GetArgument<SearchSort?>("sort");
                var after = Cursor(ctx);
                var request = new SearchRequest(text, filters, sort, after, first,
                    WithTotal: ctx.SubFields?.ContainsKey("totalCount") ?? true,
                    WithFacets: ctx.SubFields?.ContainsKey("facets") ?? false,
                    FacetNames: ctx.SubFields?.TryGetValue("facets", out var facets) == true ? AskedFacets(ctx.Document, facets.Field) : null);
                var now = (ctx.RequestServices!.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                SearchPage page;
                try
                {
                    page = await ctx.RequestServices!.GetRequiredService<SearchIndex>().SearchAsync(db, request, now, ctx.CancellationToken);
                }
                catch (ArgumentException ex)
                {
                    throw CatalogArguments.Invalid(ex.Message);
                }

                var ids = page.Hits.Select(h => h.DatasetId).ToList();
                var datasets = ids.Count == 0
                    ? []
                    : await db.Datasets.Where(d => ids.Contains(d.Id)).Select(DatasetRecord.Project).ToDictionaryAsync(d => d.Id, ctx.CancellationToken);
                // A dataset deleted between the two statements is left out rather than failing the page.
                var edges = page.Hits.Where(h => datasets.ContainsKey(h.DatasetId))
                    .Select(h => new SearchEdge(h.Cursor.Encode(), h.Rank, datasets[h.DatasetId]))
                    .ToList();
                return new SearchConnection(page, edges);
            });

        query.Field<NonNullGraphType<ColumnSearchConnectionType>>("columns")
            .Description("Columns across datasets whose name or description holds the text, or whose name is the abbreviation of a standard term holding it, in datasets passing the filter; in column id order.")
            .Argument<NonNullGraphType<StringGraphType>>("search", "A word, a Korean substring (주차구획) or a standard term name.")
            .Argument<SearchFilterInputType>("filter")
            .Argument<IntGraphType>("first", $"Page size, 1–{CatalogQuery.MaxPageSize} (default 20).")
            .Argument<StringGraphType>("after", "pageInfo.endCursor of the previous page.")
            .WithComplexityImpact(3 * CatalogQuery.SqlStatementCost, 1)
            .ResolveAsync(async ctx =>
            {
                var first = CatalogArguments.PageSize(ctx, "first", 20, CatalogQuery.MaxPageSize);
                var text = CatalogArguments.SearchText(ctx, "search");
                if (SearchTokens.Tokens(text).Count == 0)
                {
                    throw CatalogArguments.Invalid("'search' has no word to look for; give a word (parking), a Korean substring (주차) or a standard term.");
                }

                var afterId = 0L;
                if (ctx.GetArgument<string?>("after") is { } after)
                {
                    afterId = GlobalId.Decode(after) is ("Column", var key) && long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                        ? id
                        : throw CatalogArguments.Invalid($"'after' is not a cursor this catalog issued: '{CatalogArguments.Echo(after)}'. Pass a pageInfo.endCursor from an earlier page.");
                }

                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                var (columnIds, hasNext) = await CatalogSearch.SearchColumnsAsync(db, text!, Filters(ctx), afterId, first, ctx.CancellationToken);
                if (columnIds.Count == 0)
                {
                    return new ColumnSearchConnection([], false);
                }

                var columns = await db.Columns.Where(c => columnIds.Contains(c.Id)).Select(ColumnRecord.Project).ToDictionaryAsync(c => c.Id, ctx.CancellationToken);
                var datasetIds = columns.Values.Select(c => c.DatasetId).Distinct().ToList();
                var datasets = await db.Datasets.Where(d => datasetIds.Contains(d.Id)).Select(DatasetRecord.Project).ToDictionaryAsync(d => d.Id, ctx.CancellationToken);
                var edges = columnIds.Where(columns.ContainsKey)
                    .Select(id => columns[id])
                    .Where(c => datasets.ContainsKey(c.DatasetId))
                    .Select(c => new ColumnSearchEdge(GlobalId.Encode("Column", c.Id), c, datasets[c.DatasetId]))
                    .ToList();
                return new ColumnSearchConnection(edges, hasNext);
            });

        query.Field<NodeInterface>("node")
            .Description("A Dataset, Column, Source or HarvestRun by its globalId; null when there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .WithComplexityImpact(CatalogQuery.SqlStatementCost, 1)
            .ResolveAsync(async ctx =>
            {
                var id = ctx.GetArgument<string>("id") ?? "";
                if (GlobalId.Decode(id) is not var (type, key))
                {
                    throw CatalogArguments.Invalid($"'id' is not a global id this catalog issued: '{CatalogArguments.Echo(id)}'. Use a globalId field.");
                }

                await using var db = await CatalogLoaders.Db(ctx).CreateDbContextAsync(ctx.CancellationToken);
                var number = long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
                return type switch
                {
                    "Dataset" => (object?)await db.Datasets.Where(d => d.Id == number).Select(DatasetRecord.Project).SingleOrDefaultAsync(ctx.CancellationToken),
                    "Column" => await db.Columns.Where(c => c.Id == number).Select(ColumnRecord.Project).SingleOrDefaultAsync(ctx.CancellationToken),
                    "Source" => await db.Sources.Where(s => s.Id == key).Select(SourceRecord.Project).SingleOrDefaultAsync(ctx.CancellationToken),
                    "HarvestRun" => (await CatalogQuery.RunRecordsAsync(db, db.HarvestRuns.AsNoTracking().Where(r => r.Id == number), ctx.CancellationToken)).SingleOrDefault(),
                    _ => null,
                };
            });
    }

    private static readonly Dictionary<string, string> FacetFields = new(StringComparer.Ordinal)
    {
        ["departments"] = CatalogSearch.Facet.Department,
        ["sourceKinds"] = CatalogSearch.Facet.SourceKind,
        ["grades"] = CatalogSearch.Facet.Grade,
        ["openFindings"] = CatalogSearch.Facet.OpenFindings,
        ["piiClasses"] = CatalogSearch.Facet.PiiClass,
        ["updateCycles"] = CatalogSearch.Facet.UpdateCycle,
        ["conformance"] = CatalogSearch.Facet.Conformance,
        ["updated"] = CatalogSearch.Facet.Updated,
    };

    /// <summary>
    /// The facets the <c>facets</c> selection reads, so the statement counts only those (each facet is a pass over
    /// the matching set); a <c>scores</c> whose dimension is a variable asks for every dimension's bands.
    /// </summary>
    /// <remarks>A field left out by <c>@skip</c>/<c>@include</c> is still counted: a superset is only slower, never wrong.</remarks>
    public static IReadOnlySet<string> AskedFacets(GraphQLDocument document, GraphQLField facets)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Collect(facets.SelectionSet, []);
        return names;

        void Collect(GraphQLSelectionSet? selections, HashSet<string> expanded)
        {
            foreach (var selection in selections?.Selections ?? [])
            {
                switch (selection)
                {
                    case GraphQLField { Name.StringValue: "scores" } field:
                        var dimension = field.Arguments?.FirstOrDefault(a => a.Name.StringValue == "dimension")?.Value;
                        switch (dimension)
                        {
                            case null or GraphQLNullValue:
                                names.Add(CatalogSearch.Facet.Score(null));
                                break;
                            case GraphQLEnumValue value when Enum.TryParse<QualityDimension>(value.Name.StringValue.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var d):
                                names.Add(CatalogSearch.Facet.Score(d));
                                break;
                            default:
                                names.Add(CatalogSearch.Facet.Score(null));
                                foreach (var d in Enum.GetValues<QualityDimension>())
                                {
                                    names.Add(CatalogSearch.Facet.Score(d));
                                }

                                break;
                        }

                        break;
                    case GraphQLField field when FacetFields.TryGetValue(field.Name.StringValue, out var facet):
                        names.Add(facet);
                        break;
                    case GraphQLInlineFragment inline:
                        Collect(inline.SelectionSet, expanded);
                        break;
                    case GraphQLFragmentSpread spread
                        when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment) && expanded.Add(spread.FragmentName.Name.StringValue):
                        Collect(fragment.SelectionSet, expanded);
                        break;
                }
            }
        }
    }

    private static SearchCursor? Cursor(IResolveFieldContext context)
    {
        if (context.GetArgument<string?>("after") is not { } after)
        {
            return null;
        }

        return SearchCursor.TryDecode(after)
            ?? throw CatalogArguments.Invalid($"'after' is not a cursor this catalog issued: '{CatalogArguments.Echo(after)}'. Pass a pageInfo.endCursor from an earlier page.");
    }

    private static SearchFilters Filters(IResolveFieldContext context)
    {
        if (context.GetArgument<Dictionary<string, object?>?>("filter") is not { } input)
        {
            return new SearchFilters();
        }

        return new SearchFilters
        {
            Departments = Strings(input, "departments"),
            SourceKinds = Strings(input, "sourceKinds"),
            Grades = Strings(input, "grades"),
            HasOpenFindings = input.GetValueOrDefault("hasOpenFindings") as bool?,
            PiiClasses = List(input, "piiClasses").Select(v => ((PiiClass)v!).ToString()).ToList(),
            UpdateCycles = Strings(input, "updateCycles"),
            Conformance = List(input, "conformance").Select(v => (StandardConformance)v!).ToList(),
            Scores = List(input, "scores").Cast<Dictionary<string, object?>>().Select(Range).ToList(),
            UpdatedSince = input.GetValueOrDefault("updatedSince") switch
            {
                DateTimeOffset at => at,
                DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
                _ => null,
            },
            IncludeWithdrawn = input.GetValueOrDefault("includeWithdrawn") as bool? ?? false,
        };
    }

    private static ScoreRange Range(Dictionary<string, object?> input)
    {
        var min = Number(input.GetValueOrDefault("min"));
        var max = Number(input.GetValueOrDefault("max"));
        if (min is < 0 or > 100 || max is < 0 or > 100 || (min is { } a && max is { } b && a > b))
        {
            throw CatalogArguments.Invalid($"A score range must lie within 0–100 with min ≤ max; it was {min?.ToString(CultureInfo.InvariantCulture) ?? "-"}–{max?.ToString(CultureInfo.InvariantCulture) ?? "-"}.");
        }

        return new ScoreRange(input.GetValueOrDefault("dimension") as QualityDimension?, min, max);
    }

    private static double? Number(object? value) => value switch
    {
        null => null,
        double d => d,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    private static List<object?> List(Dictionary<string, object?> input, string name) =>
        input.GetValueOrDefault(name) is IEnumerable<object?> values ? values.ToList() : [];

    private static List<string> Strings(Dictionary<string, object?> input, string name)
    {
        var values = List(input, name).Select(v => v?.ToString() ?? "").ToList();
        if (values.Count > 100 || values.Any(v => v.Length > CatalogArguments.MaxIdentifierLength || v.Any(char.IsControl)))
        {
            throw CatalogArguments.Invalid($"'filter.{name}' takes at most 100 values of at most {CatalogArguments.MaxIdentifierLength} printable characters each.");
        }

        return values;
    }
}
