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
