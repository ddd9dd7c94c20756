namespace DataCatalog.Api.Tests.Catalog;

public sealed class DatasetSearchOverHttpTests(CatalogApiServer server) : IClassFixture<CatalogApiServer>
{
    private const string Page = """
        query($first: Int, $after: String, $search: String, $department: String, $includeWithdrawn: Boolean) {
          datasets(first: $first, after: $after, search: $search, department: $department, includeWithdrawn: $includeWithdrawn) {
            totalCount
            edges { cursor node { qualifiedName status } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    [Fact]
    public async Task Paging_with_first_and_after_walks_every_active_dataset_once_in_source_then_name_order()
    {
        var expected = CatalogSeed.Datasets.Where(d => d.QualifiedName != CatalogSeed.WithdrawnName)
            .OrderBy(d => d.SourceId, StringComparer.Ordinal).ThenBy(d => d.QualifiedName, StringComparer.Ordinal)
            .Select(d => d.QualifiedName).ToList();
        var seen = new List<string>();
        var pages = new List<(int Count, bool HasNext, bool HasPrevious, int Total)>();
        string? after = null;
        do
        {
            var connection = (await server.DataAsync(Page, new { first = 7, after })).GetProperty("datasets");
            var names = connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("qualifiedName").GetString()!).ToList();
            var info = connection.GetProperty("pageInfo");
            seen.AddRange(names);
            pages.Add((names.Count, info.GetProperty("hasNextPage").GetBoolean(), info.GetProperty("hasPreviousPage").GetBoolean(),
                connection.GetProperty("totalCount").GetInt32()));
            after = info.GetProperty("hasNextPage").GetBoolean() ? info.GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);

        Assert.Equal(29, CatalogSeed.ActiveDatasets);
        Assert.Equal([(7, true, false, 29), (7, true, true, 29), (7, true, true, 29), (7, true, true, 29), (1, false, true, 29)], pages);
        Assert.Equal(expected, seen);
        Assert.Equal("public.air_quality", seen[0]);
        Assert.Equal("youth-center", seen[^1]);
    }

    [Fact]
    public async Task The_same_page_asked_twice_comes_back_in_the_same_order()
    {
        var first = (await server.DataAsync(Page, new { first = 10, search = "현황" })).GetRawText();
        var second = (await server.DataAsync(Page, new { first = 10, search = "현황" })).GetRawText();

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task A_page_size_outside_1_to_100_is_refused_naming_the_limit(int first)
    {
        var errors = await server.ErrorsAsync(Page, new { first });

        Assert.Equal($"'first' must be between 1 and 100; it was {first}.", Assert.Single(errors));
    }

    [Theory]
    [InlineData("bm90LWEtY3Vyc29y")] // "not-a-cursor"
    [InlineData("%%%")] // not base64
    [InlineData("b2Zmc2V0Oi0x")] // "offset:-1"
    [InlineData("b2Zmc2V0OjIxNDc0ODM2NDc=")] // "offset:2147483647": the next offset would overflow
    public async Task A_forged_cursor_is_refused_with_how_to_get_a_valid_one(string cursor)
    {
        var errors = await server.ErrorsAsync(Page, new { first = 5, after = cursor });

        Assert.Equal(
            $"'after' is not a cursor this catalog issued: '{cursor}'. Pass a pageInfo.endCursor from an earlier page.",
            Assert.Single(errors));
    }

    [Fact]
    public async Task A_korean_substring_finds_words_that_contain_it_with_the_title_match_first()
    {
        var (total, names) = await SearchAsync("주차");

        Assert.Equal(4, total);
        Assert.Equal(["public.parking_lot", "disabled-parking", "public.parking_fee", "drops/ev_charger.xlsx"], names);
    }

    [Fact]
    public async Task An_english_word_finds_names_and_columns_ranked_by_how_often_it_occurs()
    {
        var (total, names) = await SearchAsync("station");

        Assert.Equal(2, total);
        Assert.Equal(["public.bike_station", "public.air_quality"], names);
    }

    [Fact]
    public async Task A_typo_is_still_found_through_trigram_similarity()
    {
        var (total, names) = await SearchAsync("recyling");

        Assert.Equal(1, total);
        Assert.Equal(["public.recycling_center"], names);
    }

    [Fact]
    public async Task A_korean_typo_in_a_whole_word_is_still_found()
    {
        var (total, names) = await SearchAsync("정류징");

        Assert.Equal(["public.bus_stop", "public.traffic_card"], names);
        Assert.Equal(2, total);
    }

    [Fact]
    public async Task Department_filter_keeps_only_that_departments_datasets()
    {
        var (welTotal, welNames) = await SearchAsync("주차", department: "WEL");
        var trn = (await server.DataAsync(Page, new { first = 100, department = "TRN" })).GetProperty("datasets");

        Assert.Equal(1, welTotal);
        Assert.Equal(["disabled-parking"], welNames);
        Assert.Equal(14, trn.GetProperty("totalCount").GetInt32());
        Assert.Equal(14, trn.GetProperty("edges").GetArrayLength());
    }

    [Fact]
    public async Task Korean_text_comes_back_as_readable_utf8_not_as_escapes()
    {
        using var response = await server.Client.PostAsync("/graphql",
            new StringContent("""{"query":"{ datasets(search: \"주차\", first: 1) { nodes { title } } }"}""", System.Text.Encoding.UTF8, "application/json"));
        var raw = await response.Content.ReadAsStringAsync();

        Assert.Contains("주차", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facets_count_all_matches_and_each_ignores_its_own_filter()
    {
        const string query = """
            query($search: String, $department: String) {
              datasets(search: $search, department: $department, first: 1) {
                totalCount
                facets { departments { value count } kinds { value count } }
              }
            }
            """;

        var datasets = (await server.DataAsync(query, new { search = "주차", department = "WEL" })).GetProperty("datasets");

        Assert.Equal(1, datasets.GetProperty("totalCount").GetInt32());
        var departments = datasets.GetProperty("facets").GetProperty("departments").EnumerateArray()
            .Select(f => (f.GetProperty("value").GetString(), f.GetProperty("count").GetInt32())).ToList();
        // The four "주차" matches across the city, while the page shows the one of WEL.
        Assert.Equal(4, departments.Sum(d => d.Item2));
        Assert.Contains(("WEL", 1), departments);
        var kinds = datasets.GetProperty("facets").GetProperty("kinds").EnumerateArray().Sum(f => f.GetProperty("count").GetInt32());
        Assert.Equal(1, kinds);
    }

    [Fact]
    public async Task A_withdrawn_dataset_is_hidden_unless_include_withdrawn_is_set()
    {
        var (hiddenTotal, hidden) = await SearchAsync("실태조사");
        var (shownTotal, shown) = await SearchAsync("실태조사", includeWithdrawn: true);
        var all = (await server.DataAsync(Page, new { first = 100, includeWithdrawn = true })).GetProperty("datasets");

        Assert.Equal(0, hiddenTotal);
        Assert.Empty(hidden);
        Assert.Equal(1, shownTotal);
        Assert.Equal([CatalogSeed.WithdrawnName], shown);
        Assert.Equal(30, all.GetProperty("totalCount").GetInt32());
        Assert.Equal(1, all.GetProperty("edges").EnumerateArray().Count(e => e.GetProperty("node").GetProperty("status").GetString() == "WITHDRAWN"));
    }

    [Fact]
    public async Task Dataset_by_id_returns_a_withdrawn_dataset()
    {
        var id = server.Ids.Datasets[CatalogSeed.WithdrawnName];

        var dataset = (await server.DataAsync(
            "query($id: ID!) { dataset(id: $id) { qualifiedName title status withdrawnAt } }", new { id })).GetProperty("dataset");

        Assert.Equal(CatalogSeed.WithdrawnName, dataset.GetProperty("qualifiedName").GetString());
        Assert.Equal("주차 실태조사 2019", dataset.GetProperty("title").GetString());
        Assert.Equal("WITHDRAWN", dataset.GetProperty("status").GetString());
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.Zero), dataset.GetProperty("withdrawnAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Text_without_a_word_is_matched_literally_not_taken_for_no_text()
    {
        // No word for the index to look for: "%" is then a literal character, not LIKE's wildcard, and matches nothing.
        var (total, names) = await SearchAsync("%");

        Assert.Equal(0, total);
        Assert.Empty(names);
    }

    [Fact]
    public async Task A_dataset_committed_by_another_connection_is_found_by_the_next_search()
    {
        var (before, _) = await SearchAsync("두꺼비");
        await Search.SearchOverHttpTests.ExecuteAsync(server.ConnectionString, """
            INSERT INTO datasets (source_id, qualified_name, kind, title, keywords, distributions, status, fingerprint,
                first_seen_run_id, last_seen_run_id, first_seen_at, last_seen_at, search_text)
            SELECT source_id, 'public.toads', 'Table', '두꺼비 산란지', '{}', '[]', 'Active', 'fp', 0, 0, now(), now(), ''
            FROM datasets LIMIT 1
            """);

        try
        {
            var (after, names) = await SearchAsync("두꺼비");

            Assert.Equal(0, before);
            Assert.Equal(1, after);
            Assert.Equal(["public.toads"], names);
        }
        finally
        {
            // The other tests of this class count the seeded datasets.
            await Search.SearchOverHttpTests.ExecuteAsync(server.ConnectionString, "DELETE FROM datasets WHERE qualified_name = 'public.toads'");
        }
    }

    private async Task<(int Total, IReadOnlyList<string> Names)> SearchAsync(string search, string? department = null, bool includeWithdrawn = false)
    {
        var connection = (await server.DataAsync(Page, new { first = 100, search, department, includeWithdrawn })).GetProperty("datasets");
        return (connection.GetProperty("totalCount").GetInt32(),
            [.. connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("qualifiedName").GetString()!)]);
    }
}
