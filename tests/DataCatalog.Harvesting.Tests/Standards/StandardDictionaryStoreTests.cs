using DataCatalog.Core.Standards;
using DataCatalog.Harvesting.Standards;
using DataCatalog.Persistence;
using DataCatalog.Persistence.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Harvesting.Tests.Standards;

/// <summary>Editions imported into a real catalog database: the shipped base, a bad file, a changed edition and a city extension.</summary>
public sealed class StandardDictionaryStoreTests(StandardsDatabase database) : IClassFixture<StandardsDatabase>
{
    private StandardDictionaryStore Store => database.Store;

    [Fact]
    public async Task The_shipped_files_import_as_one_base_edition_named_by_their_latest_enactment()
    {
        var edition = database.Base.Edition!;
        await using var db = await database.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContextAsync();

        Assert.Equal("2024-11", edition.Name);
        Assert.Equal(StandardEditionKind.Base, edition.Kind);
        Assert.Equal((2398, 9039, 115, 17), (edition.Words, edition.Terms, edition.Domains, edition.RetiredRows));
        Assert.Equal("words.csv, terms.csv, domains.csv", edition.SourceFiles);
        Assert.Equal(["a78825e8fc05a324e16d5d8dd580c215aa6cc5b12d9a9073dbdd8872ca137070", "1f56b2b3275d141ec5ee88c6e05c47319f7560883ae8b8434c0c4a4a14e0290b",
            "7f126e96cc9b38d289a69fb595186754d25a7bfaeb7322bff900ebe90a8c014d"], edition.Files.Select(f => f.Sha256));
        Assert.Equal(9039, await db.StandardTerms.CountAsync(t => t.EditionId == edition.Id));
        var parking = await db.StandardTerms.SingleAsync(t => t.EditionId == edition.Id && t.Name == "주차장명");
        Assert.Equal(("PKLT_NM", "명V300", 10945), (parking.Abbreviation, parking.DomainName, parking.Line));
    }

    [Fact]
    public async Task Importing_the_same_files_again_changes_nothing()
    {
        var again = await Store.ImportAsync([.. StandardsDatabase.ShippedFiles.Select(f => Path.Combine(StandardsDatabase.ShippedFolder, f))], null, false, CancellationToken.None);

        Assert.True(again.AlreadyImported);
        Assert.Equal(database.Base.Edition!.Id, again.Edition!.Id);
    }

    [Fact]
    public async Task A_file_with_bad_rows_lists_every_one_and_writes_no_edition()
    {
        var words = await File.ReadAllTextAsync(Path.Combine(StandardsDatabase.ShippedFolder, "words.csv"));
        var lines = words.Split('\n');
        var bad = string.Join('\n', [lines[0], lines[1], "10001,8차(2025-11),,NOKO,No Korean,설명,N,-,-,-", lines[2], "10002,8차(2025-11),주차면,PKLT FC,Parking Space,설명,Y,-,-,-", ""]);
        var good = database.Write("domains-ok.csv", await File.ReadAllTextAsync(Path.Combine(StandardsDatabase.ShippedFolder, "domains.csv")));
        var before = await Store.ListAsync(CancellationToken.None);

        var result = await Store.ImportAsync([database.Write("words-bad.csv", bad, cp949: true), good], "2025-11-bad", false, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(
        [
            "words-bad.csv: line 3, column '공통표준단어명': the Korean word is empty; fill it in (a dictionary row needs it)",
            "words-bad.csv: line 5, column '공통표준단어영문약어명': 'PKLT FC' is not an abbreviation; use Latin letters and digits only (such as PKLT)",
        ], result.Errors);
        Assert.Equal(before.Count, (await Store.ListAsync(CancellationToken.None)).Count);
        Assert.Null(await Store.LoadEditionAsync("2025-11-bad", CancellationToken.None));
    }

    [Fact]
    public async Task A_diff_between_two_editions_names_added_retired_and_changed_terms()
    {
        var terms = await File.ReadAllTextAsync(Path.Combine(StandardsDatabase.ShippedFolder, "terms.csv"));
        var changed = terms
            .Replace("6882,6차(2023-11),주차장명,차를 세워 두도록 마련한 곳의 이름,PKLT_NM,명V300,", "6882,6차(2023-11),주차장명,차를 세워 두도록 마련한 곳의 이름,PKLT_NM,명V200,", StringComparison.Ordinal)
            .Replace("6883,7차(2024-11),주차장보유여부,", "-,7차(2024-11)(폐기),주차장보유여부,", StringComparison.Ordinal)
            + "9999,8차(2025-11),주차장개방여부,주차장을 열어 이용하게 하는지 여부,PKLT_OPN_YN,여부C1,-,1자리 문자,Y or N,-,-,-\n";
        var imported = await Store.ImportAsync([database.Write("terms-next.csv", changed)], "2025-11-draft", false, CancellationToken.None);
        Assert.True(imported.Succeeded, string.Join("\n", imported.Errors));

        var diff = await Store.DiffAsync("2024-11", "2025-11-draft", CancellationToken.None);

        Assert.Equal(
        [
            new StandardRowDifference(StandardDictionaryKind.Terms, "주차장개방여부", StandardRowChange.Added, null),
            new StandardRowDifference(StandardDictionaryKind.Terms, "주차장명", StandardRowChange.Changed, "domain: 명V300 → 명V200"),
            new StandardRowDifference(StandardDictionaryKind.Terms, "주차장보유여부", StandardRowChange.Retired, null),
        ], diff!.Rows);
        // The draft holds only terms, so words and domains are not compared (rather than listed as all removed).
        Assert.Equal([StandardDictionaryKind.Terms], diff.Compared);
        Assert.Null(await Store.DiffAsync("2024-11", "1999-01", CancellationToken.None));
    }

    [Fact]
    public async Task An_edition_published_as_separate_files_is_completed_file_by_file_but_never_changed()
    {
        var terms = database.Write("공통표준용어_20251101.csv", await StandardDictionaryFileTests.EighthEditionTermsAsync(), cp949: true);
        var domains = database.Write("domains-2025.csv", await File.ReadAllTextAsync(Path.Combine(StandardsDatabase.ShippedFolder, "domains.csv")));

        var first = await Store.ImportAsync([terms], "2025-11-files", false, CancellationToken.None);
        var second = await Store.ImportAsync([domains], "2025-11-files", false, CancellationToken.None);
        var changed = await Store.ImportAsync([database.Write("terms-other.csv", await File.ReadAllTextAsync(Path.Combine(StandardsDatabase.ShippedFolder, "terms.csv")))],
            "2025-11-files", false, CancellationToken.None);

        Assert.True(first.Succeeded && second.Succeeded);
        Assert.Equal(first.Edition!.Id, second.Edition!.Id);
        Assert.Equal((0, 4, 115, 4), (second.Edition.Words, second.Edition.Terms, second.Edition.Domains, second.Edition.RetiredRows));
        Assert.Equal(["terms:eighth:CP949", "domains:seventh:UTF-8"], second.Edition.Files.Select(f => $"{f.Dictionary}:{f.Layout}:{f.Encoding}"));
        Assert.Equal(["edition '2025-11-files' already has its terms; an edition never changes, so import these under a new name with --edition <name>"], changed.Errors);
    }
}
