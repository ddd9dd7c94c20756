using DataCatalog.Core.Scoring;
using DataCatalog.Persistence.Search;
using DataCatalog.Testing;
using Npgsql;

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

    public static TheoryData<string?, int> EdgeShapes => new()
    {
        // No words at all; Korean and English mixed; one syllable with a word; a prefix of more than eight lexemes
        // (123, 1230–1239: the merge walk of the rank); two typos; a name tie (two datasets of one title).
        { "!!! -- ·", 0 }, { "주차 parking", 0 }, { "주 park", 0 }, { "123", 0 }, { "parkng recrods", 0 }, { "동명 자료", 0 },
        // Two score ranges on one dimension; withdrawn datasets with IncludeWithdrawn.
        { null, 1 }, { "현황", 2 }, { null, 2 },
    };

    private static readonly SearchFilters[] EdgeFilters =
    [
        new(),
        new() { Scores = [new ScoreRange(QualityDimension.Validity, 50, null), new ScoreRange(QualityDimension.Validity, null, 90), new ScoreRange(null, 10, 100)] },
        new() { IncludeWithdrawn = true },
    ];

    [Theory]
    [MemberData(nameof(EdgeShapes))]
    public async Task Every_page_through_cursors_read_back_from_tokens_is_the_sql_statements_for_every_sort(string? text, int filterShape)
    {
        await EnsureEdgeDatasetsAsync();
        await using var db = TestPostgres.Context(catalog.Server.ConnectionString);
        var index = new SearchIndex();
        var filters = EdgeFilters[filterShape];
        foreach (var sort in new SearchSort?[] { null, SearchSort.Name, SearchSort.Score, SearchSort.Changed })
        {
            var whole = new SearchRequest(text, filters, sort, First: 10_000, WithFacets: true);
            var fromSql = await CatalogSearch.SearchAsync(db, whole, Now, CancellationToken.None);
            var fromIndex = await index.SearchAsync(db, whole, Now, CancellationToken.None);
            var shape = $"text {text ?? "(none)"}, filters {filterShape}, sort {fromSql.Sort}";
            Assert.True(fromSql.Total == fromIndex.Total, $"{shape}: total {fromIndex.Total} in memory, {fromSql.Total} in SQL");
            Assert.Equal(fromSql.Sort, fromIndex.Sort);
            foreach (var facet in fromSql.Facets!.Values.Keys.Union(fromIndex.Facets!.Values.Keys))
            {
                Assert.True(fromSql.Facets[facet].SequenceEqual(fromIndex.Facets[facet]), $"{shape}: facet {facet} differs");
            }

            var sqlIds = fromSql.Hits.Select(h => h.DatasetId).ToList();
            var indexIds = fromIndex.Hits.Select(h => h.DatasetId).ToList();
            // Relevance ranks on the index's own scale: the same matches, in the index's own order page by page.
            Assert.True(
                fromSql.Sort == SearchSort.Relevance ? sqlIds.Order().SequenceEqual(indexIds.Order()) : sqlIds.SequenceEqual(indexIds),
                $"{shape}: {string.Join(",", indexIds)} in memory, {string.Join(",", sqlIds)} in SQL");

            // Pages small enough that ties (one title twice, 3,000 datasets first seen at one time) straddle their ends.
            var pageSize = (sqlIds.Count / 5) + 1;
            var paged = new List<long>();
            SearchCursor? after = null;
            while (true)
            {
                var page = await index.SearchAsync(db, new SearchRequest(text, filters, sort, after, pageSize), Now, CancellationToken.None);
                paged.AddRange(page.Hits.Select(h => h.DatasetId));
                if (!page.HasNextPage)
                {
                    break;
                }

                after = SearchCursor.TryDecode(page.Hits[^1].Cursor.Encode());
                Assert.Equal(page.Hits[^1].Cursor, after);
            }

            Assert.True(indexIds.SequenceEqual(paged), $"{shape}: paging through {pageSize} at a time gives another order");
            if (fromSql.Sort != SearchSort.Relevance)
            {
                var sqlPaged = new List<long>();
                after = null;
                while (true)
                {
                    var page = await CatalogSearch.SearchAsync(db, new SearchRequest(text, filters, sort, after, pageSize), Now, CancellationToken.None);
                    sqlPaged.AddRange(page.Hits.Select(h => h.DatasetId));
                    if (!page.HasNextPage)
                    {
                        break;
                    }

                    after = SearchCursor.TryDecode(page.Hits[^1].Cursor.Encode());
                }

                Assert.True(sqlIds.SequenceEqual(sqlPaged), $"{shape}: the SQL statement pages in another order");
            }
        }
    }

    [Fact]
    public async Task An_empty_catalog_gives_no_hits_no_count_and_no_facet_values_as_the_sql_statement_does()
    {
        await using var db = TestPostgres.Context(await TestPostgres.CreateCatalogDatabaseAsync());
        var index = new SearchIndex();
        foreach (var text in new[] { null, "주차", "parkng", "주", "!!!" })
        {
            foreach (var sort in new SearchSort?[] { null, SearchSort.Name, SearchSort.Score, SearchSort.Changed })
            {
                var request = new SearchRequest(text, new SearchFilters { Departments = ["TRN"] }, sort, First: 10, WithFacets: true);
                var fromSql = await CatalogSearch.SearchAsync(db, request, Now, CancellationToken.None);
                var fromIndex = await index.SearchAsync(db, request, Now, CancellationToken.None);
                Assert.Equal((0L, 0, false, 0), (fromSql.Total!.Value, fromSql.Hits.Count, fromSql.HasNextPage, fromSql.Facets!.Values.Count));
                Assert.Equal((0L, 0, false, 0), (fromIndex.Total!.Value, fromIndex.Hits.Count, fromIndex.HasNextPage, fromIndex.Facets!.Values.Count));
                Assert.Equal(fromSql.Sort, fromIndex.Sort);
            }
        }

        Assert.Equal(0, index.State!.Value.Documents);
    }

    private bool _edgeDatasets;

    // Two datasets of one title (a name tie), one withdrawn; added once per class instance, before the edge shapes.
    private async Task EnsureEdgeDatasetsAsync()
    {
        if (_edgeDatasets)
        {
            return;
        }

        _edgeDatasets = true;
        var connectionString = catalog.Server.ConnectionString;
        if (await ScalarAsync(connectionString, "SELECT count(*) FROM datasets WHERE qualified_name LIKE 'public.same_name_%'") > 0)
        {
            return;
        }

        await SearchOverHttpTests.AddDatasetAsync(connectionString, "fill-db", "public.same_name_1", "동명 자료");
        await SearchOverHttpTests.AddDatasetAsync(connectionString, "fill-db", "public.same_name_2", "동명 자료");
        await SearchOverHttpTests.AddDatasetAsync(connectionString, "fill-db", "public.same_name_3", "동명 자료 현황");
        await SearchOverHttpTests.ExecuteAsync(connectionString,
            "UPDATE datasets SET status = 'Withdrawn', withdrawn_at = now() WHERE qualified_name = 'public.same_name_3'");
    }

    [Fact]
    public async Task Words_no_document_holds_any_more_are_dropped_from_the_lexicon_once_they_are_most_of_it()
    {
        var connectionString = catalog.Server.ConnectionString;
        await using var db = TestPostgres.Context(connectionString);
        var index = new SearchIndex();
        var parking = new SearchRequest("주차 parking", new SearchFilters(), SearchSort.Name, First: 100);
        var before = await index.SearchAsync(db, parking, Now, CancellationToken.None);
        var held = index.LexiconSize;

        // More datasets of words of their own than the catalog holds words, then gone again (deleted outright).
        var added = held + 100;
        await SearchOverHttpTests.ExecuteAsync(connectionString, $$"""
            INSERT INTO datasets (source_id, qualified_name, kind, title, keywords, distributions, status, fingerprint,
                    first_seen_run_id, last_seen_run_id, first_seen_at, last_seen_at, search_text)
                SELECT 'fill-db', 'lexicon_' || i, 'Table', 'qlexicon' || i, '{}', '[]', 'Active', 'fp', 0, 0,
                    '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ''
                FROM generate_series(1, {{added}}) AS i
            """);
        Assert.Equal(added, (await index.SearchAsync(db, new SearchRequest("qlexicon", new SearchFilters()), Now, CancellationToken.None)).Total);
        Assert.True(index.LexiconSize >= held + added, $"{index.LexiconSize} words after adding {added} to {held}");
        await SearchOverHttpTests.ExecuteAsync(connectionString, "DELETE FROM datasets WHERE qualified_name LIKE 'lexicon\\_%'");

        var after = await index.SearchAsync(db, parking, Now, CancellationToken.None);
        Assert.True(index.LexiconSize <= held, $"{index.LexiconSize} words after the deletion, {held} before the additions");
        // Every id changed; what a search finds did not.
        Assert.Equal(before.Hits.Select(h => h.DatasetId), after.Hits.Select(h => h.DatasetId));
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(0, (await index.SearchAsync(db, new SearchRequest("qlexicon", new SearchFilters()), Now, CancellationToken.None)).Total);
        var fromSql = await CatalogSearch.SearchAsync(db, new SearchRequest("123", new SearchFilters(), SearchSort.Name, First: 100), Now, CancellationToken.None);
        var fromIndex = await index.SearchAsync(db, new SearchRequest("123", new SearchFilters(), SearchSort.Name, First: 100), Now, CancellationToken.None);
        Assert.Equal(fromSql.Hits.Select(h => h.DatasetId), fromIndex.Hits.Select(h => h.DatasetId));
    }

    [Fact]
    public async Task Searches_that_race_one_refresh_all_see_the_commit_that_preceded_them_and_end_on_one_snapshot()
    {
        var connectionString = catalog.Server.ConnectionString;
        var index = new SearchIndex();
        await using (var db = TestPostgres.Context(connectionString))
        {
            await index.RefreshAsync(db, CancellationToken.None);
        }

        await SearchOverHttpTests.AddDatasetAsync(connectionString, "fill-db", "public.race", "경합시험 자료");
        var generation = await ScalarAsync(connectionString, "SELECT generation FROM search_generation WHERE id = 1");

        // Eight searches on eight connections, all needing the same refresh at once.
        var totals = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var db = TestPostgres.Context(connectionString);
            return (await index.SearchAsync(db, new SearchRequest("경합시험", new SearchFilters()), Now, CancellationToken.None)).Total;
        }));

        Assert.All(totals, total => Assert.Equal(1, total));
        Assert.Equal(generation, index.State!.Value.Generation);
    }

    [Fact]
    public async Task Two_transactions_that_change_one_dataset_and_commit_one_after_the_other_both_reach_its_document()
    {
        var connectionString = catalog.Server.ConnectionString;
        await SearchOverHttpTests.AddDatasetAsync(connectionString, "fill-db", "public.toads", "두꺼비 관찰", ("관찰일", null));
        var datasetId = await ScalarAsync(connectionString, "SELECT id FROM datasets WHERE qualified_name = 'public.toads'");

        // A third committer holds the generation row, so both transactions reach their commit while it is taken.
        await using var holder = await OpenAsync(connectionString);
        await using var hold = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, "SELECT 1 FROM search_generation WHERE id = 1 FOR UPDATE");

        // One adds a column, the other renames the dataset: different rows, one document.
        await using var first = await OpenAsync(connectionString);
        await using var firstTransaction = await first.BeginTransactionAsync();
        await ExecuteAsync(first, $"INSERT INTO columns (dataset_id, name, ordinal, data_type, is_nullable, is_primary_key, pii_class) VALUES ({datasetId}, '산란지수', 2, 'integer', true, false, 'None')");
        var firstCommit = firstTransaction.CommitAsync();
        await WaitUntilBlockedAsync(connectionString, first.ProcessID);

        await using var second = await OpenAsync(connectionString);
        await using var secondTransaction = await second.BeginTransactionAsync();
        await ExecuteAsync(second, $"UPDATE datasets SET title = '두꺼비 산란 관찰' WHERE id = {datasetId}");
        var secondCommit = secondTransaction.CommitAsync();
        await WaitUntilBlockedAsync(connectionString, second.ProcessID);

        await hold.CommitAsync();
        await firstCommit;
        await secondCommit;

        // The document has both the new title and the new column, whichever wrote it last.
        await using var db = TestPostgres.Context(connectionString);
        var index = new SearchIndex();
        foreach (var text in new[] { "산란지수", "산란 관찰" })
        {
            var fromSql = await CatalogSearch.SearchAsync(db, new SearchRequest(text, new SearchFilters()), Now, CancellationToken.None);
            var fromIndex = await index.SearchAsync(db, new SearchRequest(text, new SearchFilters()), Now, CancellationToken.None);
            Assert.True(fromSql.Hits.Any(h => h.DatasetId == datasetId), $"SQL: {text} does not find the dataset");
            Assert.True(fromIndex.Hits.Any(h => h.DatasetId == datasetId), $"index: {text} does not find the dataset");
        }
    }

    [Fact]
    public async Task A_database_whose_generation_went_back_is_read_whole_not_taken_for_the_snapshot_already_held()
    {
        var connectionString = catalog.Server.ConnectionString;
        await using var db = TestPostgres.Context(connectionString);
        var index = new SearchIndex();
        var request = new SearchRequest("복원시험", new SearchFilters());
        Assert.Equal(0, (await index.SearchAsync(db, request, Now, CancellationToken.None)).Total);

        // As a restore of an older backup would leave it: a document the snapshot lacks, and a lower generation.
        await SearchOverHttpTests.AddDatasetAsync(connectionString, "fill-db", "public.restored", "복원시험 자료");
        await SearchOverHttpTests.ExecuteAsync(connectionString, "UPDATE search_generation SET generation = 1 WHERE id = 1");

        Assert.Equal(1, (await index.SearchAsync(db, request, Now, CancellationToken.None)).Total);
        Assert.Equal(1, index.State!.Value.Generation);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refresh_that_is_cancelled_or_loses_its_database_leaves_the_snapshot_as_it_was_and_the_next_search_loads(bool terminated)
    {
        var connectionString = catalog.Server.ConnectionString;
        var index = new SearchIndex();
        var request = new SearchRequest(terminated ? "중단시험" : "취소시험", new SearchFilters());
        await using (var db = TestPostgres.Context(connectionString))
        {
            Assert.Equal(0, (await index.SearchAsync(db, request, Now, CancellationToken.None)).Total);
        }

        var before = index.State;
        await SearchOverHttpTests.AddDatasetAsync(connectionString, "fill-db", terminated ? "public.terminated" : "public.cancelled", request.Text + " 자료");

        // The refresh's read of the documents waits behind this lock until it is cancelled or its backend is ended.
        await using var locker = await OpenAsync(connectionString);
        await using (var locked = await locker.BeginTransactionAsync())
        {
            await ExecuteAsync(locker, "LOCK TABLE dataset_search IN ACCESS EXCLUSIVE MODE");
            using var cancel = new CancellationTokenSource();
            await using var waiting = TestPostgres.Context(connectionString);
            var search = index.SearchAsync(waiting, request, Now, cancel.Token);
            var pid = await BlockedOnDocumentsAsync(connectionString);
            if (terminated)
            {
                await ExecuteAsync(locker, $"SELECT pg_terminate_backend({pid})");
                var error = await Assert.ThrowsAsync<InvalidOperationException>(() => search);
                Assert.Contains($"the snapshot of generation {before!.Value.Generation} is kept", error.Message, StringComparison.Ordinal);
            }
            else
            {
                await cancel.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => search);
            }

            Assert.Equal(before, index.State);
            await locked.RollbackAsync();
        }

        // The refresh lock was given back (a stuck one would hold this search until the guard cancels it).
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var again = TestPostgres.Context(connectionString);
        Assert.Equal(1, (await index.SearchAsync(again, request, Now, guard.Token)).Total);
        Assert.True(index.State!.Value.Generation > before!.Value.Generation);
    }

    // The backend that waits for a lock on the documents, once there is one.
    private static async Task<int> BlockedOnDocumentsAsync(string connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        for (var attempt = 0; attempt < 600; attempt++)
        {
            await using var command = new NpgsqlCommand("SELECT pid FROM pg_locks WHERE relation = 'dataset_search'::regclass AND NOT granted LIMIT 1", connection);
            if (await command.ExecuteScalarAsync() is int pid)
            {
                return pid;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("No backend waited for the documents' lock.");
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // Waits (without a clock: by asking the server) until the backend waits for a lock.
    private static async Task WaitUntilBlockedAsync(string connectionString, int processId)
    {
        await using var connection = await OpenAsync(connectionString);
        for (var attempt = 0; attempt < 600; attempt++)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE pid = @pid AND NOT granted", connection);
            command.Parameters.AddWithValue("pid", processId);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"Backend {processId} never waited for a lock.");
    }
}
