using DataCatalog.Core.Scoring;
using DataCatalog.Persistence.Search;
using DataCatalog.Testing;
using Microsoft.EntityFrameworkCore;

namespace DataCatalog.Api.Tests.Search;

/// <summary>
/// The in-memory index that answers searches, against the SQL statement that answers the same searches from the
/// database (the reference), and its freshness: what another connection commits is in the next search.
/// </summary>
public sealed class SearchIndexTests(SearchCatalog catalog) : IClassFixture<SearchCatalog>
{
    private static readonly DateTimeOffset Now = new(2026, 6, 2, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string?> Texts => new() { null, "주차", "parking", "parkng", "현황", "주차구획수", "주", "기타 자료", "주차장명", "other 12", "zzzzqqq" };

    private static readonly SearchFilters[] FilterShapes =
    [
        new(),
        new() { Departments = ["TRN", "FILL"] },
        new() { HasOpenFindings = true },
        new() { Scores = [new ScoreRange(null, 60, null)] },
        new() { Scores = [new ScoreRange(QualityDimension.Validity, 82, 84)], SourceKinds = ["postgres", "ckan"] },
        new() { PiiClasses = ["None"], Grades = ["-", "A", "B"] },
        new() { UpdatedSince = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), Conformance = [StandardConformance.Unknown, StandardConformance.Partial] },
        new() { IncludeWithdrawn = true, UpdateCycles = ["", "월"] },
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task The_index_finds_counts_and_facets_what_the_sql_statement_does_for_every_filter_and_order(string? text)
    {
        await using var db = TestPostgres.Context(catalog.Server.ConnectionString);
        var index = new SearchIndex();
        foreach (var filters in FilterShapes)
        {
            foreach (var sort in new SearchSort?[] { null, SearchSort.Name, SearchSort.Score, SearchSort.Changed })
            {
                var request = new SearchRequest(text, filters, sort, First: 25, WithFacets: true);
                var fromIndex = await index.SearchAsync(db, request, Now, CancellationToken.None);
                var fromSql = await SqlAsync(db, request);
                var shape = $"text {text ?? "(none)"}, sort {sort?.ToString() ?? "default"}, filters {filters}";

                Assert.True(fromSql.Total == fromIndex.Total, $"{shape}: total {fromIndex.Total} in memory, {fromSql.Total} in SQL");
                Assert.Equal(fromSql.Sort, fromIndex.Sort);
                foreach (var facet in fromSql.Facets!.Values.Keys.Union(fromIndex.Facets!.Values.Keys))
                {
                    Assert.True(
                        fromSql.Facets[facet].SequenceEqual(fromIndex.Facets[facet]),
                        $"{shape}: facet {facet} is {Show(fromIndex.Facets[facet])} in memory, {Show(fromSql.Facets[facet])} in SQL");
                }

                if (fromIndex.Sort != SearchSort.Relevance)
                {
                    // The same order; relevance ranks on its own scale, so only its matching set is compared (below).
                    Assert.True(
                        fromSql.Hits.Select(h => h.DatasetId).SequenceEqual(fromIndex.Hits.Select(h => h.DatasetId)),
                        $"{shape}: page {string.Join(",", fromIndex.Hits.Select(h => h.DatasetId))} in memory, {string.Join(",", fromSql.Hits.Select(h => h.DatasetId))} in SQL");
                }
            }
        }

        var everything = new SearchRequest(text, new SearchFilters(), SearchSort.Name, First: 10_000);
        Assert.Equal(
            (await SqlAsync(db, everything)).Hits.Select(h => h.DatasetId),
            (await index.SearchAsync(db, everything, Now, CancellationToken.None)).Hits.Select(h => h.DatasetId));
    }

    [Fact]
    public async Task A_search_through_another_index_sees_what_was_committed_before_it_changes_and_deletions_included()
    {
        await using var db = TestPostgres.Context(catalog.Server.ConnectionString);
        var first = new SearchIndex();
        var second = new SearchIndex();
        var request = new SearchRequest("맹꽁이", new SearchFilters(), WithFacets: true);
        Assert.Equal(0, (await first.SearchAsync(db, request, Now, CancellationToken.None)).Total);
        Assert.Equal(0, (await second.SearchAsync(db, request, Now, CancellationToken.None)).Total);

        await SearchOverHttpTests.AddDatasetAsync(catalog.Server.ConnectionString, "fill-db", "public.frogs", "맹꽁이 서식지 현황", ("서식지명", null));
        var found = await first.SearchAsync(db, request, Now, CancellationToken.None);
        Assert.Equal(1, found.Total);
        Assert.Equal(1, (await second.SearchAsync(db, request, Now, CancellationToken.None)).Total);

        // A change of a filtered value only (the words are the same) and a withdrawal.
        await SearchOverHttpTests.ExecuteAsync(catalog.Server.ConnectionString, "UPDATE datasets SET update_cycle = '격주' WHERE qualified_name = 'public.frogs'");
        var cycled = await second.SearchAsync(db, request with { Filters = new SearchFilters { UpdateCycles = ["격주"] } }, Now, CancellationToken.None);
        Assert.Equal(1, cycled.Total);
        await SearchOverHttpTests.ExecuteAsync(catalog.Server.ConnectionString, "UPDATE datasets SET status = 'Withdrawn', withdrawn_at = now() WHERE qualified_name = 'public.frogs'");
        Assert.Equal(0, (await first.SearchAsync(db, request, Now, CancellationToken.None)).Total);
        Assert.Equal(1, (await first.SearchAsync(db, request with { Filters = new SearchFilters { IncludeWithdrawn = true } }, Now, CancellationToken.None)).Total);

        // Deleted outright (its document goes by cascade).
        await SearchOverHttpTests.ExecuteAsync(catalog.Server.ConnectionString, """
            DELETE FROM columns WHERE dataset_id = (SELECT id FROM datasets WHERE qualified_name = 'public.frogs');
            DELETE FROM datasets WHERE qualified_name = 'public.frogs';
            """);
        Assert.Equal(0, (await second.SearchAsync(db, request with { Filters = new SearchFilters { IncludeWithdrawn = true } }, Now, CancellationToken.None)).Total);
        Assert.Equal(second.State!.Value.Documents, (await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM dataset_search").SingleAsync()));
    }

    [Fact]
    public async Task A_generation_is_visible_only_with_every_document_written_before_it()
    {
        await using var db = TestPostgres.Context(catalog.Server.ConnectionString);
        var generation = await db.Database.SqlQueryRaw<long>("SELECT generation AS \"Value\" FROM search_generation").SingleAsync();

        await SearchOverHttpTests.AddDatasetAsync(catalog.Server.ConnectionString, "fill-db", "public.generations", "세대 확인");

        var after = await db.Database.SqlQueryRaw<long>("SELECT generation AS \"Value\" FROM search_generation").SingleAsync();
        var stamped = await db.Database.SqlQueryRaw<long>(
            "SELECT generation AS \"Value\" FROM dataset_search s JOIN datasets d ON d.id = s.dataset_id WHERE d.qualified_name = 'public.generations'").SingleAsync();
        Assert.True(after > generation);
        Assert.True(stamped > generation && stamped <= after, $"stamped {stamped}, before {generation}, after {after}");
    }

    private static string Show(IReadOnlyList<SearchFacetValue> values) => string.Join(", ", values.Select(v => $"{v.Value}={v.Count}"));

    private static Task<SearchPage> SqlAsync(Persistence.CatalogDbContext db, SearchRequest request) =>
        CatalogSearch.SearchAsync(db, request, Now, CancellationToken.None);
}
