using System.Text;
using DataCatalog.Testing;

namespace DataCatalog.EndToEnd.Tests;

/// <summary><c>rules standards import|list|diff</c> through the built executable, against a real catalog database.</summary>
public sealed class StandardsCommandTests : IDisposable
{
    private static readonly string Shipped = RepositoryPaths.Combine("src", "DataCatalog.Host", "Standards", "2024-11");

    private readonly string _directory = Directory.CreateTempSubdirectory("datacatalog-e2e-standards-").FullName;

    static StandardsCommandTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Importing_a_cp949_file_with_bad_rows_exits_1_listing_every_row_before_touching_the_catalog()
    {
        var header = File.ReadLines(Path.Combine(Shipped, "words.csv")).First();
        var path = Path.Combine(_directory, "city-words.csv");
        await File.WriteAllBytesAsync(path, Encoding.GetEncoding(949).GetBytes(string.Join('\n',
            header, "1,시(2026-01),개방장,OPN LOT,Open Lot,설명,N,-,-,-", "2,시(2026-01),주차면,PKSP,Parking Space,설명,예,-,-,-", "")));

        // No catalog is reachable at this address: the file must be refused before one is needed.
        var (exitCode, stdout, stderr) = await RunAsync("rules", "standards", "import", path, "--ConnectionStrings:Catalog=Host=127.0.0.1;Port=1;Database=none");

        Assert.True(exitCode == 1, $"exit code {exitCode}; stdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Equal(
        [
            "2 problem(s); nothing was imported:",
            "city-words.csv: line 2, column '공통표준단어영문약어명': 'OPN LOT' is not an abbreviation; use Latin letters and digits only (such as PKLT)",
            "city-words.csv: line 3, column '형식단어 여부': '예' is neither Y nor N; write Y for a class word (형식단어), else N",
        ], stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task An_unknown_standards_command_exits_2_with_the_usage()
    {
        var (exitCode, _, stderr) = await RunAsync("rules", "standards", "export");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("Unknown standards command 'export'.", stderr, StringComparison.Ordinal);
        Assert.Contains("diff <editionA> <editionB>", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_city_extension_is_imported_over_the_shipped_base_then_listed_and_diffed()
    {
        var catalog = "--ConnectionStrings:Catalog=" + await TestPostgres.CreateEmptyDatabaseAsync("standards_cli");
        var header = File.ReadLines(Path.Combine(Shipped, "terms.csv")).First();
        var path = Path.Combine(_directory, "city-terms.csv");
        await File.WriteAllTextAsync(path, header + "\n1,시(2026-01),주차장개방여부,주차장을 열어 이용하게 하는지 여부,PKLT_OPN_YN,여부C1,-,1자리 문자,Y or N,-,교통정책과,-\n");

        var import = await RunAsync("rules", "standards", "import", path, "--extension", "--edition", "city-2026", catalog);
        var list = await RunAsync("rules", "standards", "list", catalog);
        var diff = await RunAsync("rules", "standards", "diff", "2024-11", "city-2026", catalog);

        Assert.True(import.ExitCode == 0, import.Stdout + import.Stderr);
        Assert.Contains("Imported into extension edition city-2026: 0 words, 1 terms, 0 domains (0 retired).", import.Stdout, StringComparison.Ordinal);
        var editions = list.Stdout.Split('\n').Where(l => l.StartsWith("2024-11 ", StringComparison.Ordinal) || l.StartsWith("city-2026 ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, editions.Count);
        Assert.Matches(@"^2024-11\s+base\s+\S+ \S+\s+2398\s+9039\s+115\s+17\s+words.csv, terms.csv, domains.csv$", editions[0].TrimEnd());
        Assert.Matches(@"^city-2026\s+extension\s+\S+ \S+\s+0\s+1\s+0\s+0\s+city-terms.csv \(over 2024-11\)$", editions[1].TrimEnd());
        Assert.Equal(0, diff.ExitCode);
        Assert.True(diff.Stdout.Contains("words: 0 added, 0 retired, 0 removed, 0 changed", StringComparison.Ordinal), diff.Stdout + diff.Stderr);
        Assert.True(diff.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal).Contains("terms: 1 added, 0 retired, 0 removed, 0 changed\n  added    주차장개방여부", StringComparison.Ordinal), diff.Stdout);
    }

    [Fact]
    public async Task A_served_catalog_imports_the_shipped_dictionary_and_answers_term_lookups()
    {
        // Under /tmp/datacatalog-e2e like the demo tests: the embedded cluster's postgres user must reach the folder.
        var dataFolder = Path.Combine(Path.GetTempPath(), "datacatalog-e2e", Guid.NewGuid().ToString("N"));
        try
        {
            await ServeAndLookUpAsync(dataFolder);
        }
        finally
        {
            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The cluster's files belong to the postgres user when run as root; the temp folder is cleaned with the machine.
            }
        }
    }

    private static async Task ServeAndLookUpAsync(string dataFolder)
    {
        await using var catalog = CatalogProcess.Start(dataFolder, "--Catalog:Demo=false");
        await catalog.WaitUntilHealthyAsync();

        await catalog.WaitUntilAsync(async () => (await catalog.QueryAsync("{ standardEditions { name } }")).GetProperty("standardEditions").GetArrayLength() > 0,
            "the shipped dictionary", TimeSpan.FromSeconds(120));
        var data = await catalog.QueryAsync("""{ standardEditions { name kind words terms domains } standardTerms(search: "PKLT_NM") { name expectedType } }""");

        var edition = data.GetProperty("standardEditions")[0];
        Assert.Equal(("2024-11", "base", 2398, 9039, 115), (edition.GetProperty("name").GetString(), edition.GetProperty("kind").GetString(),
            edition.GetProperty("words").GetInt32(), edition.GetProperty("terms").GetInt32(), edition.GetProperty("domains").GetInt32()));
        var term = data.GetProperty("standardTerms")[0];
        Assert.Equal(("주차장명", "VARCHAR(300)"), (term.GetProperty("name").GetString(), term.GetProperty("expectedType").GetString()));
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => CatalogProcess.RunCliAsync(args);
}
