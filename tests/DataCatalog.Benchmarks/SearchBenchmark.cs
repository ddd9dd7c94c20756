using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DataCatalog.Api;
using DataCatalog.Api.Http;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Embedded;
using DataCatalog.Persistence.Search;
using DataCatalog.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace DataCatalog.Benchmarks;

/// <summary>
/// Generates a national-size catalog (100,000 datasets, 2,000,000 columns, Korean and English) with COPY, builds its
/// search documents, prints the plan of each search shape, then times each search kind at 1, 8 and 32 concurrent
/// clients through GraphQL over HTTP and as the same SQL run directly.
/// </summary>
internal static class SearchBenchmark
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    // One in ~33 datasets is about parking, one in ~40 about buses: a search word matches a few percent, not half.
    private static readonly Theme[] Themes =
    [
        new("주차장", "parking", 3, ["주차구획수", "pklt_nm", "주차장명", "parking_fee", "운영시간", "주차장구분"], "주차 요금과 주차면수를 담은 공영주차장 정보"),
        new("버스정류장", "bus_stop", 3, ["정류장명", "stop_id", "노선번호", "bus_route", "배차간격"], "시내버스 정류장 위치와 노선"),
        new("대기질", "air_quality", 3, ["미세먼지", "pm10", "pm25", "측정소명", "station"], "측정소별 미세먼지 농도"),
        new("어린이집", "daycare", 3, ["정원", "현원", "daycare_nm", "보육교사수", "시설유형"], "어린이집 정원과 현원"),
        new("경로당", "senior_center", 3, ["회원수", "center_nm", "운영요일", "프로그램명"], "동별 경로당 회원 현황"),
        new("도서관", "library", 3, ["장서수", "library_nm", "열람석수", "개관시간"], "공공도서관 장서와 열람석"),
        new("교통사고", "traffic_accident", 3, ["사고건수", "사망자수", "부상자수", "accident_type"], "연도별 교통사고 발생 건수"),
        new("가로등", "street_light", 3, ["등주번호", "lamp_type", "설치일자", "관리번호"], "가로등 설치 위치와 종류"),
        new("공원", "park_area", 3, ["공원명", "면적", "park_type", "조성일자"], "도시공원 면적과 시설"),
        new("상수도", "water_supply", 3, ["급수량", "배수지명", "pipe_length", "수질등급"], "상수도 급수와 배수지"),
        new("재활용", "recycling", 3, ["처리량", "선별장명", "recycle_type", "반입일자"], "재활용품 선별장 처리량"),
        new("소음", "noise", 3, ["측정지점", "주간소음", "야간소음", "noise_level"], "지점별 주간 야간 소음"),
        new("인구", "population", 5, ["행정동", "세대수", "남자인구", "여자인구", "population_total"], "행정동별 인구와 세대"),
        new("예산", "budget", 5, ["회계연도", "예산액", "집행액", "budget_code", "사업명"], "부서별 예산 편성과 집행"),
        new("민원", "civil_complaint", 5, ["민원유형", "접수일자", "처리일자", "complaint_status"], "민원 접수와 처리 현황"),
        new("건축물", "building", 5, ["건축물대장번호", "연면적", "용도", "building_use", "사용승인일"], "건축물 대장 요약"),
        new("사업체", "business", 5, ["사업자등록번호", "업종", "종사자수", "business_type"], "사업체 현황 조사"),
        new("문화행사", "culture_event", 5, ["행사명", "개최장소", "event_date", "관람인원"], "문화 행사 일정과 장소"),
        new("관광지", "tourist_spot", 5, ["관광지명", "방문객수", "spot_category", "입장료"], "관광지 방문객 통계"),
        new("복지시설", "welfare_facility", 5, ["시설명", "입소정원", "facility_type", "운영주체"], "사회복지시설 목록"),
        new("세입", "tax_revenue", 5, ["세목", "부과액", "징수액", "tax_year"], "지방세 부과와 징수"),
        new("하천", "river", 5, ["하천명", "수위", "bod", "유량"], "하천 수위와 수질 측정"),
        new("도로", "road", 5, ["도로명", "도로폭", "road_length", "포장구분"], "도로 현황과 포장 상태"),
        new("학교", "school", 5, ["학교명", "학생수", "교원수", "school_level"], "관내 학교 학생과 교원"),
    ];

    private static readonly string[] Regions = ["강남구", "서초구", "종로구", "중구", "마포구", "송파구", "노원구", "은평구", "강서구", "관악구", "city", "metro"];
    private static readonly string[] Suffixes = ["현황", "목록", "통계", "정보", "내역", "status", "list", "statistics"];
    private static readonly string[] Common = ["id", "등록일자", "수정일자", "비고", "lat", "lon", "주소", "address", "전화번호", "관리기관명", "데이터기준일자", "created_at", "updated_at", "remarks", "seq", "코드", "name", "구분", "status_cd", "use_yn"];
    private static readonly string[] Kinds = ["postgres", "file-drop", "ckan", "dcat"];
    private static readonly string[] Cycles = ["일", "주", "월", "분기", "년", "수시", "daily", "monthly"];

    private sealed record Theme(string Korean, string English, int Weight, string[] Columns, string Description);

    private sealed record Kind(string Name, string Text, SearchFilters Filters);

    public static async Task<int> RunAsync(string[] args)
    {
        var datasets = IntArg(args, "--datasets", 100_000);
        var columnsPer = IntArg(args, "--columns", 20);
        var requests = IntArg(args, "--requests", 200);

        var folder = StringArg(args, "--folder");
        await using var kept = folder is null ? null : await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(folder, Role: ClusterRole.Cli));
        var catalog = kept is null ? await TestPostgres.CreateCatalogDatabaseAsync() : await KeptCatalogAsync(kept);
        if (kept is null || !await HasDocumentsAsync(catalog))
        {
            var load = Stopwatch.StartNew();
            await GenerateAsync(catalog, datasets, columnsPer);
            Console.WriteLine($"generated  {datasets:N0} datasets, {datasets * columnsPer:N0} columns, documents and indexes in {load.Elapsed.TotalSeconds:F0} s");
        }
        else
        {
            Console.WriteLine($"reused     the catalog kept in {folder} (delete the folder to generate it anew)");
        }

        await ReportShareAsync(catalog);
        if (args.Contains("--generate-only"))
        {
            return 0;
        }

        var kinds = new[]
        {
            new Kind("korean-substring", "주차", new SearchFilters()),
            new Kind("english-word", "parking", new SearchFilters()),
            new Kind("typo", "parkng", new SearchFilters()),
            new Kind("filtered", "버스", new SearchFilters { Departments = ["dept03", "dept07"], Scores = [new ScoreRange(null, 70, null)] }),
        };

        var index = await LoadIndexAsync(catalog);
        await InMemoryAsync(catalog, index, kinds);
        await RefreshAfterHarvestAsync(catalog, index);
        if (args.Contains("--index-only"))
        {
            return 0;
        }

        await using var server = await Server.StartAsync(catalog);
        foreach (var kind in kinds)
        {
            await ExplainAsync(catalog, kind);
        }

        Console.WriteLine();
        foreach (var kind in kinds)
        {
            await BackendCpuAsync(catalog, kind);
            await RequestCpuAsync(catalog, server, kind);
        }

        foreach (var clients in new[] { 1, 8 })
        {
            var deprecated = await MeasureAsync(clients, requests, () => server.DatasetsAsync("주차"));
            Console.WriteLine($"datasets   datasets(search: \"주차\") (deprecated; the web app's search page), {clients} client(s): p50 {deprecated.P50:F1} ms, p95 {deprecated.P95:F1} ms");
        }

        Console.WriteLine();
        Console.WriteLine("GraphQL: the search over HTTP, answered from the in-memory index; raw SQL: the same search as the SQL statement it replaced (with the typo lookup and the page's datasets), run directly");
        Console.WriteLine("kind               clients  GraphQL p50/p95 ms   raw SQL p50/p95 ms   ratio p95 (GraphQL / SQL)");
        foreach (var kind in kinds)
        {
            foreach (var clients in new[] { 1, 8, 32 })
            {
                var graphql = await MeasureAsync(clients, requests, () => server.SearchAsync(kind));
                var raw = await MeasureAsync(clients, requests, () => RawAsync(catalog, kind));
                Console.WriteLine($"{kind.Name,-18} {clients,7}  {graphql.P50,7:F1} / {graphql.P95,6:F1}      {raw.P50,7:F1} / {raw.P95,6:F1}      {graphql.P95 / raw.P95,5:F2}");
            }
        }

        return 0;
    }

    // What a host does at start: every document read into the in-memory index the searches run on.
    // What the first search after a harvest's commit waits for: 1,000 documents rewritten, first with the same words
    // (a description's trailing space: scores, findings and grades change this way), then with a word added or taken
    // away from the titles (the postings are rebuilt). Each toggles, so the kept catalog comes back as it was.
    private static async Task RefreshAfterHarvestAsync(string connectionString, SearchIndex index)
    {
        var changes = new[]
        {
            ("same words", "UPDATE datasets SET description = CASE WHEN description LIKE '% ' THEN rtrim(description) ELSE description || ' ' END WHERE id <= 1000"),
            ("new words", "UPDATE datasets SET title = CASE WHEN title LIKE '% 갱신' THEN left(title, -3) ELSE title || ' 갱신' END WHERE id <= 1000"),
        };
        await using var db = TestPostgres.Context(connectionString);
        foreach (var (label, sql) in changes)
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                await ExecuteAsync(connection, sql);
            }

            var watch = Stopwatch.StartNew();
            await index.RefreshAsync(db, CancellationToken.None);
            Console.WriteLine($"refresh    1,000 of {index.State!.Value.Documents:N0} documents rewritten ({label}): the next search waited {watch.Elapsed.TotalMilliseconds:F0} ms for the index to catch up");
        }
    }

    private static async Task<SearchIndex> LoadIndexAsync(string connectionString)
    {
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var index = new SearchIndex();
        await using (var db = TestPostgres.Context(connectionString))
        {
            await index.RefreshAsync(db, CancellationToken.None);
        }

        var elapsed = watch.Elapsed.TotalSeconds;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var heap = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"index      {index.State!.Value.Documents:N0} documents loaded into memory in {elapsed:F1} s ({used.TotalSeconds:F1} s host CPU), {heap / 1048576.0:F0} MiB of managed heap held");
        return index;
    }

    // The index's own cost once the process is warm, one search at a time: the generation check (a statement), the
    // similar words (remembered after the first search) and the pass over the matches.
    private static async Task InMemoryAsync(string connectionString, SearchIndex index, IReadOnlyList<Kind> kinds)
    {
        const int Rounds = 500;
        await using var db = TestPostgres.Context(connectionString);
        foreach (var kind in kinds)
        {
            var request = new SearchRequest(kind.Text, kind.Filters, First: 20, WithFacets: true, FacetNames: QueryFacets);
            for (var i = 0; i < Rounds; i++)
            {
                await index.SearchAsync(db, request, Now, CancellationToken.None); // warm-up: the JIT's optimised code
            }

            var times = new List<double>(Rounds);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < Rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                await index.SearchAsync(db, request, Now, CancellationToken.None);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Rounds;
            times.Sort();
            var page = await index.SearchAsync(db, request, Now, CancellationToken.None);
            Console.WriteLine($"in-memory  {kind.Name,-18} {page.Total,6:N0} matches: p50 {times[Rounds / 2]:F2} ms, p95 {times[Rounds * 95 / 100]:F2} ms, {used:F2} ms host CPU per search (warm, serial, {Rounds} rounds)");
        }
    }

    private static async Task GenerateAsync(string connectionString, int datasets, int columnsPer)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Command Timeout=0");
        await connection.OpenAsync();
        await ExecuteAsync(connection, """
            DROP INDEX ix_columns_search_words; DROP INDEX ix_columns_upper_name;
            DROP INDEX ix_dataset_search_words; DROP INDEX ix_dataset_search_document_trgm;
            ALTER TABLE datasets DISABLE TRIGGER USER; ALTER TABLE columns DISABLE TRIGGER USER;
            """);
        var departments = new StringBuilder();
        for (var d = 0; d < 20; d++)
        {
            departments.Append(CultureInfo.InvariantCulture, $"INSERT INTO departments (code, name, created_at) VALUES ('dept{d:00}', '부서{d:00}', now());");
        }

        await ExecuteAsync(connection, departments.ToString());
        await ExecuteAsync(connection, """
            INSERT INTO sources (id, department_id, kind, name, connection_ref, schedule, time_zone, options, enabled, created_at, updated_at)
            SELECT 'src' || lpad(i::text, 3, '0'), (SELECT id FROM departments WHERE code = 'dept' || lpad((i % 20)::text, 2, '0')),
                (ARRAY['postgres', 'file-drop', 'ckan', 'dcat'])[1 + i % 4], 'source ' || i, 'env:X', '0 0 2 * * ?', 'Asia/Seoul', '{}', true, now(), now()
            FROM generate_series(0, 99) AS i;
            """);

        var random = new Random(20261126);
        var weights = Themes.Sum(t => t.Weight);
        var themes = new int[datasets];
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY datasets (id, source_id, qualified_name, kind, title, description, keywords, distributions, status, fingerprint, first_seen_run_id, last_seen_run_id, first_seen_at, last_seen_at, latest_score, update_cycle, search_text) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 1; i <= datasets; i++)
            {
                var pick = random.Next(weights);
                var t = 0;
                while (pick >= Themes[t].Weight)
                {
                    pick -= Themes[t].Weight;
                    t++;
                }

                themes[i - 1] = t;
                var theme = Themes[t];
                var region = Regions[random.Next(Regions.Length)];
                var suffix = Suffixes[random.Next(Suffixes.Length)];
                var english = random.Next(4) == 0;
                await copy.StartRowAsync();
                await copy.WriteAsync((long)i, NpgsqlDbType.Bigint);
                await copy.WriteAsync("src" + (i % 100).ToString("000", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                await copy.WriteAsync($"public.{theme.English}_{i}", NpgsqlDbType.Text);
                await copy.WriteAsync("Table", NpgsqlDbType.Varchar);
                await copy.WriteAsync(english ? $"{region} {theme.English.Replace('_', ' ')} {suffix}" : $"{region} {theme.Korean} {suffix}", NpgsqlDbType.Text);
                await copy.WriteAsync($"{region} {theme.Description} ({i % 37}차 공개)", NpgsqlDbType.Text);
                await copy.WriteAsync(new[] { theme.Korean, theme.English }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await copy.WriteAsync("[]", NpgsqlDbType.Jsonb);
                await copy.WriteAsync(i % 50 == 0 ? "Withdrawn" : "Active", NpgsqlDbType.Varchar);
                await copy.WriteAsync("fp", NpgsqlDbType.Text);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(Now.AddDays(-random.Next(900)), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(Now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(Math.Round(40 + random.NextDouble() * 60, 2), NpgsqlDbType.Double);
                await copy.WriteAsync(Cycles[random.Next(Cycles.Length)], NpgsqlDbType.Text);
                await copy.WriteAsync("", NpgsqlDbType.Text);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY columns (dataset_id, name, ordinal, data_type, is_nullable, is_primary_key, description, pii_class) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 1; i <= datasets; i++)
            {
                var theme = Themes[themes[i - 1]];
                for (var c = 0; c < columnsPer; c++)
                {
                    var name = c < theme.Columns.Length && random.Next(3) > 0 ? theme.Columns[c] : Common[(c + i) % Common.Length] + (c >= Common.Length ? "_" + c : "");
                    await copy.StartRowAsync();
                    await copy.WriteAsync((long)i, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(name + (c >= theme.Columns.Length ? "" : ""), NpgsqlDbType.Text);
                    await copy.WriteAsync(c + 1, NpgsqlDbType.Integer);
                    await copy.WriteAsync("text", NpgsqlDbType.Text);
                    await copy.WriteAsync(true, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(c == 0, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(random.Next(4) == 0 ? null : $"{theme.Korean} {name} 항목", NpgsqlDbType.Text);
                    await copy.WriteAsync(c == 7 && random.Next(10) == 0 ? "MobilePhone" : "None", NpgsqlDbType.Varchar);
                }
            }

            await copy.CompleteAsync();
        }

        // Every column name is unique within its dataset only by chance here; the search does not care.
        await ExecuteAsync(connection, "SELECT setval(pg_get_serial_sequence('datasets', 'id'), (SELECT max(id) FROM datasets))");
        var documents = Stopwatch.StartNew();
        for (var from = 1; from <= datasets; from += 10_000)
        {
            await ExecuteAsync(connection, $"SELECT dataset_search_refresh(ARRAY(SELECT generate_series({from}, {Math.Min(datasets, from + 9_999)})::bigint))");
        }

        Console.WriteLine($"documents  {datasets:N0} search documents in {documents.Elapsed.TotalSeconds:F0} s (triggers off for the bulk load, the same refresh they call)");
        var indexes = Stopwatch.StartNew();
        await ExecuteAsync(connection, """
            ALTER TABLE datasets ENABLE TRIGGER USER; ALTER TABLE columns ENABLE TRIGGER USER;
            CREATE INDEX ix_dataset_search_words ON dataset_search USING gin (words) WITH (fastupdate = off);
            CREATE INDEX ix_dataset_search_document_trgm ON dataset_search USING gin (document gin_trgm_ops) WITH (fastupdate = off);
            CREATE INDEX ix_columns_upper_name ON columns (upper(name));
            CREATE INDEX ix_columns_search_words ON columns USING gin (search_words_of(name || ' ' || coalesce(description, ''))) WITH (fastupdate = off);
            """);
        await ExecuteAsync(connection, "VACUUM ANALYZE");
        Console.WriteLine($"indexes    rebuilt and analysed in {indexes.Elapsed.TotalSeconds:F0} s");
    }

    // A catalog kept between runs (--folder), so that a change to the search can be measured without generating
    // the 100,000 datasets again; migrated to the current schema, which rebuilds what a new migration rebuilds.
    private static async Task<string> KeptCatalogAsync(EmbeddedPostgresCluster cluster)
    {
        const string Database = "search_benchmark";
        await cluster.EnsureDatabaseAsync(Database);
        var connectionString = cluster.ConnectionString(Database);
        // No timeout: a migration that rebuilds the documents does so at its commit, which Npgsql times separately.
        await using var db = TestPostgres.Context(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        db.Database.SetCommandTimeout(TimeSpan.Zero);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    private static async Task<bool> HasDocumentsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM dataset_search)", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ReportShareAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var word in new[] { "'주차'", "'parking':*" })
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) FILTER (WHERE words @@ '{word.Replace("'", "''", StringComparison.Ordinal)}'::tsquery), count(*) FROM dataset_search WHERE status = 'Active'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Console.WriteLine($"share      {word} matches {reader.GetInt64(0):N0} of {reader.GetInt64(1):N0} active datasets ({(double)reader.GetInt64(0) / reader.GetInt64(1):P1})");
        }
    }

    private static async Task ExplainAsync(string connectionString, Kind kind)
    {
        await using var db = TestPostgres.Context(connectionString);
        var similar = await CatalogSearch.SimilarWordsAsync(db, kind.Text, CancellationToken.None);
        var (sql, parameters, _) = CatalogSearch.Build(new SearchRequest(kind.Text, kind.Filters, First: 50, WithFacets: true, FacetNames: QueryFacets), Now, similar);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Console.WriteLine();
        Console.WriteLine($"EXPLAIN (ANALYZE) {kind.Name} \"{kind.Text}\"{(similar.Count > 0 ? " → " + string.Join(", ", similar.SelectMany(s => s.Value)) : "")}: plan lines naming an index or a scan");
        if (similar.Count > 0)
        {
            var (typoSql, typoParameters) = CatalogSearch.BuildSimilarWords(SearchTokens.Tokens(kind.Text));
            await PrintPlanAsync(connection, typoSql, typoParameters);
        }

        await PrintPlanAsync(connection, sql, parameters);
    }

    // The machine is shared: the database backend's CPU per search is the figure load does not inflate.
    private static async Task BackendCpuAsync(string connectionString, Kind kind)
    {
        // The facets the GraphQL query asks for (what it now computes), then all 16 (what every search computed before).
        await BackendCpuAsync(connectionString, kind, QueryFacets, "3 facets");
        await BackendCpuAsync(connectionString, kind, null, "all facets");
    }

    private static async Task BackendCpuAsync(string connectionString, Kind kind, IReadOnlySet<string>? facets, string label)
    {
        await using var db = TestPostgres.Context(connectionString);
        var similar = await CatalogSearch.SimilarWordsAsync(db, kind.Text, CancellationToken.None);
        var (sql, parameters, _) = CatalogSearch.Build(new SearchRequest(kind.Text, kind.Filters, First: 20, WithFacets: true, FacetNames: facets), Now, similar);
        var (wall, cpu) = await StatementCpuAsync(connectionString, sql, parameters);
        Console.WriteLine($"cpu        {kind.Name,-18} search statement, {label}: {wall:F1} ms wall, {Cpu(cpu)} per search (serial, {CpuRounds} rounds)");
    }

    // The rest of what one GraphQL search costs: the typo lookup (a statement before the search, when the text has a
    // word long enough to be misspelt), the page's datasets (a statement after it), and the host's own CPU (HTTP,
    // GraphQL, Npgsql, JSON; client and server in this process).
    private static async Task RequestCpuAsync(string connectionString, Server server, Kind kind)
    {
        await using var db = TestPostgres.Context(connectionString);
        // The index runs the typo lookup only for a word no document holds as written.
        var unknown = (await CatalogSearch.SimilarWordsAsync(db, kind.Text, CancellationToken.None)).Keys.ToHashSet(StringComparer.Ordinal);
        var candidates = SearchTokens.Tokens(kind.Text).Where(t => unknown.Contains(t.Text)).ToList();
        var typo = "none";
        if (candidates.Count > 0)
        {
            var (typoSql, typoParameters) = CatalogSearch.BuildSimilarWords(candidates);
            typo = Cpu((await StatementCpuAsync(connectionString, typoSql, typoParameters)).Cpu);
        }

        var page = await CatalogSearch.SearchAsync(db, new SearchRequest(kind.Text, kind.Filters, First: 20, WithFacets: true, FacetNames: QueryFacets), Now, CancellationToken.None);
        var ids = new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = page.Hits.Select(h => h.DatasetId).ToArray() };
        var datasets = Cpu((await StatementCpuAsync(connectionString, "SELECT * FROM datasets WHERE id = ANY(@ids)", [ids])).Cpu);

        await server.SearchAsync(kind);
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (var i = 0; i < CpuRounds; i++)
        {
            await server.SearchAsync(kind);
        }

        process.Refresh();
        var host = (process.TotalProcessorTime - before).TotalMilliseconds / CpuRounds;
        Console.WriteLine($"cpu        {kind.Name,-18} typo lookup statement: {typo}; page datasets statement: {datasets}; host process (GraphQL over HTTP, both ends): {host:F1} ms CPU per search (serial, {CpuRounds} rounds)");
    }

    private const int CpuRounds = 20;

    private static string Cpu(double? milliseconds) => milliseconds is { } ms ? $"{ms:F1} ms backend CPU" : "backend CPU not readable";

    private static async Task<(double Wall, double? Cpu)> StatementCpuAsync(string connectionString, string sql, IReadOnlyList<NpgsqlParameter> parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await RunAsync(); // warm-up
        var before = BackendCpu.Seconds(connection.ProcessID);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < CpuRounds; i++)
        {
            await RunAsync();
        }

        var after = BackendCpu.Seconds(connection.ProcessID);
        return (watch.Elapsed.TotalMilliseconds / CpuRounds, before is { } b && after is { } a ? (a - b) * 1000 / CpuRounds : null);

        async Task RunAsync()
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(parameter.Clone());
            }

            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }
    }

    private static async Task PrintPlanAsync(NpgsqlConnection connection, string sql, IReadOnlyList<NpgsqlParameter> parameters)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, connection);
        foreach (var parameter in parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var line = reader.GetString(0);
            if (line.Contains("Index", StringComparison.Ordinal) || line.Contains("Seq Scan", StringComparison.Ordinal)
                || line.Contains("Execution Time", StringComparison.Ordinal) || line.Contains("Planning Time", StringComparison.Ordinal))
            {
                Console.WriteLine("  " + line.Trim());
            }
        }
    }

    // The facets the GraphQL query below selects, so the raw SQL does the same work.
    private static readonly IReadOnlySet<string> QueryFacets = new HashSet<string>
    {
        CatalogSearch.Facet.Department, CatalogSearch.Facet.SourceKind, CatalogSearch.Facet.Score(null),
    };

    private static async Task RawAsync(string connectionString, Kind kind)
    {
        // What the resolver runs: the typo lookup when the text has a word no document holds, the search, the page's datasets.
        await using var db = TestPostgres.Context(connectionString);
        var page = await CatalogSearch.SearchAsync(db, new SearchRequest(kind.Text, kind.Filters, First: 20, WithFacets: true, FacetNames: QueryFacets), Now, CancellationToken.None);
        var ids = page.Hits.Select(h => h.DatasetId).ToArray();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT * FROM datasets WHERE id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }

    private static async Task<(double P50, double P95)> MeasureAsync(int clients, int requests, Func<Task> run)
    {
        for (var i = 0; i < Math.Min(clients, 4); i++)
        {
            await run(); // warm-up
        }

        var times = new List<double>();
        var next = 0;
        var workers = Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= requests)
            {
                var watch = Stopwatch.StartNew();
                await run();
                lock (times)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        });
        await Task.WhenAll(workers);
        times.Sort();
        return (times[(int)(times.Count * 0.50)], times[Math.Min(times.Count - 1, (int)(times.Count * 0.95))]);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static string? StringArg(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>The catalog's GraphQL endpoint on loopback, as the host maps it.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private const string Query = """
            query($text: String, $filter: SearchFilter) {
              search(text: $text, filter: $filter, first: 20) {
                totalCount
                edges { cursor rank node { id qualifiedName title latestScore } }
                facets { departments { value count } sourceKinds { value count } scores { value count } }
              }
            }
            """;

        private readonly WebApplication _app;
        private readonly HttpClient _client;

        private Server(WebApplication app, HttpClient client)
        {
            _app = app;
            _client = client;
        }

        public static async Task<Server> StartAsync(string connectionString)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.Logging.ClearProviders();
            builder.Services.AddCatalogPersistence(connectionString);
            builder.Services.AddCatalogApi();
            var app = builder.Build();
            app.Urls.Add("http://127.0.0.1:0");
            // 32 clients queue behind the default 8 executions, as they would at the host.
            // Anonymous on purpose: the benchmark measures the search, not sign-in (anonymous access is off by default).
            app.MapGraphQLEndpoint("/graphql", options => options.AllowAnonymous = true);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new Server(app, new HttpClient { BaseAddress = new Uri(address) });
        }

        // The deprecated field the web app's search page still uses: offset-paged, faceted by department, kind and source.
        public Task DatasetsAsync(string text) => PostAsync(JsonSerializer.Serialize(new
        {
            query = "query($s: String) { datasets(search: $s, first: 20) { totalCount nodes { id qualifiedName title latestScore } facets { departments { value count } kinds { value count } sources { value count } } } }",
            variables = new { s = text },
        }));

        public async Task SearchAsync(Kind kind)
        {
            var filter = new Dictionary<string, object?>
            {
                ["departments"] = kind.Filters.Departments.Count > 0 ? kind.Filters.Departments : null,
                ["scores"] = kind.Filters.Scores.Count > 0 ? kind.Filters.Scores.Select(s => new { min = s.Min }).ToArray() : null,
            };
            await PostAsync(JsonSerializer.Serialize(new { query = Query, variables = new { text = kind.Text, filter } }));
        }

        private async Task PostAsync(string body)
        {
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _client.PostAsync(new Uri("/graphql", UriKind.Relative), content);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || text.Contains("\"errors\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _app.DisposeAsync();
        }
    }
}
