using DataCatalog.Api.Catalog;
using DataCatalog.Persistence.Search;
using GraphQL;
using GraphQL.Types;

namespace DataCatalog.Api.Search;

/// <summary>Orders of search results.</summary>
public sealed class SearchSortType : EnumerationGraphType<SearchSort>;

/// <summary>How a dataset's columns stand against the standard dictionary.</summary>
public sealed class DatasetConformanceType : EnumerationGraphType<StandardConformance>
{
    public DatasetConformanceType()
    {
        Name = "DatasetConformance";
    }
}

/// <summary>A score range in one dimension (overall when dimension is null), both ends inclusive.</summary>
public sealed class ScoreRangeInputType : InputObjectGraphType
{
    public ScoreRangeInputType()
    {
        Name = "ScoreRange";
        Field<QualityDimensionType>("dimension").Description("The dimension; overall when left out.");
        Field<FloatGraphType>("min");
        Field<FloatGraphType>("max");
    }
}

/// <summary>Filters of a search; every list is any-of, and the filters are all-of.</summary>
public sealed class SearchFilterInputType : InputObjectGraphType
{
    public SearchFilterInputType()
    {
        Name = "SearchFilter";
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("departments").Description("Department codes.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("sourceKinds").Description("postgres, file-drop, ckan, dcat.");
        Field<ListGraphType<NonNullGraphType<ScoreRangeInputType>>>("scores").Description("Score ranges, overall or per dimension.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("grades").Description("AI-readiness grades A–E; '-' for not graded.");
        Field<BooleanGraphType>("hasOpenFindings").Description("Open, acknowledged or assigned findings (true) or none (false).");
        Field<ListGraphType<NonNullGraphType<PiiClassType>>>("piiClasses").Description("Datasets with a column of any of these classes (NONE: without personal data).");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("updateCycles").Description("Update cycles as the source declares them ('' for none).");
        Field<ListGraphType<NonNullGraphType<DatasetConformanceType>>>("conformance").Description("Share of columns conforming to the standard dictionary.");
        Field<DateTimeOffsetGraphType>("updatedSince").Description("Last change (schema change, else first seen) at or after this instant.");
        Field<BooleanGraphType>("includeWithdrawn").Description("Also datasets gone from their source.");
    }
}

/// <summary>A page of search results.</summary>
public sealed record SearchConnection(SearchPage Page, IReadOnlyList<SearchEdge> Edges);

/// <summary>A dataset found, its relevance and its cursor.</summary>
public sealed record SearchEdge(string Cursor, double Rank, DatasetRecord Node);

/// <summary>A page of datasets found by a search, with the count and facets of all matches.</summary>
public sealed class SearchConnectionType : ObjectGraphType<SearchConnection>
{
    public SearchConnectionType()
    {
        Name = "SearchConnection";
        Field<LongGraphType>("totalCount").Description("Matches across all pages (counted in the same pass as the page).")
            .Resolve(ctx => ctx.Source.Page.Total);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchEdgeType>>>>("edges").Resolve(ctx => ctx.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DatasetType>>>>("nodes").Resolve(ctx => ctx.Source.Edges.Select(e => e.Node));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(ctx => new PageInfo(
            ctx.Source.Page.HasNextPage, HasPreviousPage: false,
            ctx.Source.Edges.FirstOrDefault()?.Cursor, ctx.Source.Edges.LastOrDefault()?.Cursor));
        Field<NonNullGraphType<SearchSortType>>("sort").Description("The order used (relevance with text, name without, unless asked).")
            .Resolve(ctx => ctx.Source.Page.Sort);
        Field<SearchFacetsType>("facets").Description("How all matches split per filter, each ignoring its own selection.")
            .Resolve(ctx => ctx.Source.Page.Facets);
    }
}

/// <summary>A dataset found and where it ranks.</summary>
public sealed class SearchEdgeType : ObjectGraphType<SearchEdge>
{
    public SearchEdgeType()
    {
        Name = "SearchEdge";
        Field(e => e.Cursor);
        Field(e => e.Rank).Description("Relevance: words in the title weigh most, then name and keywords, then description, then column names (a match only in column descriptions is found but ranks 0).");
        Field<NonNullGraphType<DatasetType>>("node").Resolve(ctx => ctx.Source.Node);
    }
}

/// <summary>Counts of all matches per filter value; each facet ignores its own filter.</summary>
public sealed class SearchFacetsType : ObjectGraphType<SearchFacets>
{
    public SearchFacetsType()
    {
        Name = "SearchFacets";
        Field(f => f.Estimated).Description("True when the counts are estimated from a sample; the in-memory index counts every match, so false.");
        Values("departments", CatalogSearch.Facet.Department);
        Values("sourceKinds", CatalogSearch.Facet.SourceKind);
        Values("grades", CatalogSearch.Facet.Grade);
        Values("openFindings", CatalogSearch.Facet.OpenFindings);
        Values("piiClasses", CatalogSearch.Facet.PiiClass);
        Values("updateCycles", CatalogSearch.Facet.UpdateCycle);
        Values("conformance", CatalogSearch.Facet.Conformance);
        Values("updated", CatalogSearch.Facet.Updated);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchFacetValueType>>>>("scores")
            .Description("Score bands (0-59, 60-79, 80-89, 90-100, unscored), overall or in one dimension.")
            .Argument<QualityDimensionType>("dimension")
            .Resolve(ctx => ctx.Source[CatalogSearch.Facet.Score(ctx.GetArgument<DataCatalog.Core.Scoring.QualityDimension?>("dimension"))]);
    }

    private void Values(string field, string facet) =>
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchFacetValueType>>>>(field).Resolve(ctx => ctx.Source[facet]);
}

/// <summary>One value of a facet and its number of matches.</summary>
public sealed class SearchFacetValueType : ObjectGraphType<SearchFacetValue>
{
    public SearchFacetValueType()
    {
        Name = "SearchFacetValue";
        Field(v => v.Value);
        Field(v => v.Count);
    }
}

/// <summary>A page of columns found across datasets.</summary>
public sealed record ColumnSearchConnection(IReadOnlyList<ColumnSearchEdge> Edges, bool HasNextPage);

/// <summary>A column found, with its dataset.</summary>
public sealed record ColumnSearchEdge(string Cursor, ColumnRecord Node, DatasetRecord Dataset);

/// <summary>A page of columns found across datasets.</summary>
public sealed class ColumnSearchConnectionType : ObjectGraphType<ColumnSearchConnection>
{
    public ColumnSearchConnectionType()
    {
        Name = "ColumnSearchConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ColumnSearchEdgeType>>>>("edges").Resolve(ctx => ctx.Source.Edges);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(ctx => new PageInfo(
            ctx.Source.HasNextPage, HasPreviousPage: false, ctx.Source.Edges.FirstOrDefault()?.Cursor, ctx.Source.Edges.LastOrDefault()?.Cursor));
    }
}

/// <summary>A column found: the column (with its profile and standard-term check) and its dataset.</summary>
public sealed class ColumnSearchEdgeType : ObjectGraphType<ColumnSearchEdge>
{
    public ColumnSearchEdgeType()
    {
        Name = "ColumnSearchEdge";
        Field(e => e.Cursor);
        Field<NonNullGraphType<ColumnType>>("node").Description("The column; its standard field is the standard-term match.").Resolve(ctx => ctx.Source.Node);
        Field<NonNullGraphType<DatasetType>>("dataset").Resolve(ctx => ctx.Source.Dataset);
    }
}
