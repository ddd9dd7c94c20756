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
