using DataCatalog.Persistence.Search;
using DataCatalog.Testing;

namespace DataCatalog.Api.Tests.Search;

/// <summary>
/// The in-memory index where the oracle test of <see cref="SearchIndexTests"/> does not reach: orders of text
/// outside the Basic Multilingual Plane, refreshes that fail, and documents written by transactions that commit
/// one after another.
/// </summary>
public sealed class SearchIndexEdgeTests(SearchCatalog catalog) : IClassFixture<SearchCatalog>
{
    private static readonly DateTimeOffset Now = new(2026, 6, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Names_sort_in_code_point_order_as_the_sql_statement_sorts_them_so_fullwidth_letters_come_before_emoji()
    {
        // U+FF46 (fullwidth f) is one UTF-16 unit above the surrogates that encode U+1F600: UTF-16 order puts the
        // emoji first, PostgreSQL's "C" collation (UTF-8 bytes, code points) puts it last.
        await SearchOverHttpTests.AddDatasetAsync(catalog.Server.ConnectionString, "fill-db", "public.order_emoji", "정렬시험 \U0001F600");
        await SearchOverHttpTests.AddDatasetAsync(catalog.Server.ConnectionString, "fill-db", "public.order_fullwidth", "정렬시험 \uFF46");
        await SearchOverHttpTests.AddDatasetAsync(catalog.Server.ConnectionString, "fill-db", "public.order_plain", "정렬시험 z");
        await using var db = TestPostgres.Context(catalog.Server.ConnectionString);
        var index = new SearchIndex();
        var request = new SearchRequest("정렬시험", new SearchFilters(), SearchSort.Name, First: 10);

        var fromSql = await CatalogSearch.SearchAsync(db, request, Now, CancellationToken.None);
        var fromIndex = await index.SearchAsync(db, request, Now, CancellationToken.None);

        var expected = new[] { "정렬시험 z", "정렬시험 \uFF46", "정렬시험 \U0001F600" };
        Assert.Equal(expected, fromSql.Hits.Select(h => h.Cursor.Text));
        Assert.Equal(expected, fromIndex.Hits.Select(h => h.Cursor.Text));

        // Page by page through a cursor read back from its token: each page the next name, none twice.
        var names = new List<string?>();
        SearchCursor? after = null;
        for (var page = 0; page < 4; page++)
        {
            var one = await index.SearchAsync(db, request with { First = 1, After = after }, Now, CancellationToken.None);
            names.AddRange(one.Hits.Select(h => h.Cursor.Text));
            if (one.Hits.Count == 0)
            {
                break;
            }

            after = SearchCursor.TryDecode(one.Hits[^1].Cursor.Encode());
        }

        Assert.Equal(expected, names);
    }
}
