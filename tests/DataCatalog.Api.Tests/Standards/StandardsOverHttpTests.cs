using System.Text.Json;
using DataCatalog.Api.Tests.Catalog;
using DataCatalog.Core.Standards;
using DataCatalog.Persistence.Model;
using DataCatalog.Testing;

namespace DataCatalog.Api.Tests.Standards;

/// <summary>Real rows of the shipped 2024-11 terms.csv and domains.csv stored as a base edition, with a city extension over it.</summary>
public sealed class StandardsOverHttpTests(CatalogApiServer server) : IClassFixture<CatalogApiServer>, IAsyncLifetime
{
    private static readonly string[] BaseTerms = ["주차장명", "주차장보유여부", "주차장면적", "개방여부", "설문제목명"];

    public async Task InitializeAsync()
    {
        await using var db = TestPostgres.Context(server.ConnectionString);
        if (db.StandardEditions.Any())
        {
            return;
        }

        var folder = RepositoryPaths.Combine("src", "DataCatalog.Host", "Standards", "2024-11");
        var terms = StandardDictionaryParser.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "terms.csv"))).Terms.Where(t => BaseTerms.Contains(t.Name));
        var domains = StandardDictionaryParser.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "domains.csv"))).Domains;
        var baseEdition = new StandardEdition
        {
            Name = "2024-11", Kind = StandardEditionKind.Base, ImportedAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            SourceFiles = "terms.csv, domains.csv", Sha256 = new string('a', 64), Terms = 5, Domains = domains.Count, RetiredRows = 4,
        };
        db.StandardEditions.Add(baseEdition);
        await db.SaveChangesAsync();
        var city = new StandardEdition
        {
            Name = "city-2026", Kind = StandardEditionKind.Extension, BaseEditionId = baseEdition.Id, ImportedAt = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero),
            SourceFiles = "city-terms.csv", Sha256 = new string('b', 64), Terms = 1,
        };
        db.StandardEditions.Add(city);
        await db.SaveChangesAsync();
        db.StandardTerms.AddRange(terms.Select(t => Row(baseEdition.Id, t)));
        db.StandardTerms.Add(Row(city.Id, new StandardTerm("주차장개방여부", "주차장을 열어 이용하게 하는지 여부", "PKLT_OPN_YN", "여부C1", "Y, N", "1자리 문자", null, null, "교통정책과", [], null, false, 2)));
        db.StandardDomains.AddRange(domains.Select(d => new StandardDomainRow
        {
            EditionId = baseEdition.Id, Line = d.Line, Name = d.Name, Group = d.Group, Class = d.Class, DataType = d.DataType, Length = d.Length, Scale = d.Scale, Retired = d.Retired,
        }));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Editions_are_listed_oldest_first_with_their_kind_and_counts()
    {
        var editions = (await server.DataAsync("{ standardEditions { name kind importedAt terms domains retiredRows } }")).GetProperty("standardEditions");

        Assert.Equal(
            [("2024-11", "base", 5, 115, 4), ("city-2026", "extension", 1, 0, 0)],
            editions.EnumerateArray().Select(e => (e.GetProperty("name").GetString(), e.GetProperty("kind").GetString(), e.GetProperty("terms").GetInt32(),
                e.GetProperty("domains").GetInt32(), e.GetProperty("retiredRows").GetInt32())));
    }

    [Fact]
    public async Task Term_lookup_searches_the_base_and_the_city_extension_and_skips_retired_terms()
    {
        var terms = (await server.DataAsync("""{ standardTerms(search: "주차장", first: 10) { name abbreviation domainName expectedType edition } }"""))
            .GetProperty("standardTerms");

        Assert.Equal(
        [
            ("주차장명", "PKLT_NM", "명V300", "VARCHAR(300)", "2024-11"),
            ("주차장면적", "PKLTAR", "면적N19,9", "NUMERIC(19,9)", "2024-11"),
            ("주차장개방여부", "PKLT_OPN_YN", "여부C1", "CHAR(1)", "city-2026"),
            ("주차장보유여부", "PKLT_HLD_YN", "여부C1", "CHAR(1)", "2024-11"),
        ], terms.EnumerateArray().Select(Tuple));
    }

    [Fact]
    public async Task An_exact_abbreviation_comes_first_and_a_retired_term_is_not_found()
    {
        var exact = (await server.DataAsync("""{ standardTerms(search: "pklt_nm") { name } }""")).GetProperty("standardTerms");
        var retired = (await server.DataAsync("""{ standardTerms(search: "설문제목명") { name } }""")).GetProperty("standardTerms");

        Assert.Equal("주차장명", exact.EnumerateArray().First().GetProperty("name").GetString());
        Assert.Empty(retired.EnumerateArray());
    }

    private static (string?, string?, string?, string?, string?) Tuple(JsonElement t) => (t.GetProperty("name").GetString(), t.GetProperty("abbreviation").GetString(),
        t.GetProperty("domainName").GetString(), t.GetProperty("expectedType").GetString(), t.GetProperty("edition").GetString());

    private static StandardTermRow Row(int edition, StandardTerm t) => new()
    {
        EditionId = edition, Line = t.Line, Name = t.Name, Abbreviation = t.Abbreviation, Description = t.Description, DomainName = t.DomainName,
        AllowedValues = t.AllowedValues, StorageFormat = t.StorageFormat, Retired = t.Retired,
    };
}
