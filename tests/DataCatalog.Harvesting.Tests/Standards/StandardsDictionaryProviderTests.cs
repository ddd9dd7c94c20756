using DataCatalog.Core.Standards;
using DataCatalog.Harvesting.Standards;
using Microsoft.Extensions.DependencyInjection;

namespace DataCatalog.Harvesting.Tests.Standards;

/// <summary>The active dictionary is the latest base edition with the city's extensions over it, and the provider's
/// checker follows a new import without a restart.</summary>
public sealed class StandardsDictionaryProviderTests(StandardsDatabase database) : IClassFixture<StandardsDatabase>
{
    [Fact]
    public async Task A_city_extension_imported_over_the_base_is_matched_by_the_provided_checker()
    {
        var provider = database.Services.GetRequiredService<StandardsDictionaryProvider>();
        var column = new StandardColumnInput("PKLT_OPN_YN", DataType: "char(1)");
        var before = (await provider.GetCheckerAsync(CancellationToken.None)).Check(column);
        Assert.Equal(StandardConformance.WordsOnly, before.Conformance);

        var header = (await File.ReadAllLinesAsync(Path.Combine(StandardsDatabase.ShippedFolder, "terms.csv")))[0];
        var extensionFile = database.Write("city-terms.csv", header + "\n" +
            "1,시(2026-01),주차장개방여부,주차장을 열어 이용하게 하는지 여부,PKLT_OPN_YN,여부C1,-,1자리 문자,Y or N,-,교통정책과,-\n", cp949: true);
        var imported = await database.Store.ImportAsync([extensionFile], "city-2026-01", extension: true, CancellationToken.None);
        Assert.True(imported.Succeeded, string.Join("\n", imported.Errors));

        var after = (await provider.GetCheckerAsync(CancellationToken.None)).Check(column);
        var (active, _) = await database.Store.LoadActiveAsync(CancellationToken.None);

        Assert.Equal(StandardConformance.Conformant, after.Conformance);
        Assert.Equal(("주차장개방여부", "CHAR(1)"), (after.MatchedTerm, after.ExpectedType));
        Assert.Equal(9039 + 1, active.Terms.Count);
        Assert.Equal(database.Base.Edition!.Id, imported.Edition!.BaseEditionId);
        // The base terms are still matched through the layered dictionary, and the diff shows only what the city added.
        var diff = await database.Store.DiffAsync("2024-11", "city-2026-01", CancellationToken.None);
        Assert.Equal([new StandardRowDifference(StandardDictionaryKind.Terms, "주차장개방여부", StandardRowChange.Added, null)], diff!.Rows);
        Assert.Equal(StandardConformance.Conformant,
            (await provider.GetCheckerAsync(CancellationToken.None)).Check(new StandardColumnInput("주차장명", DataType: "varchar(300)")).Conformance);
    }

    [Fact]
    public async Task The_provider_returns_the_same_checker_while_no_edition_is_imported()
    {
        var provider = database.Services.GetRequiredService<StandardsDictionaryProvider>();

        var first = await provider.GetCheckerAsync(CancellationToken.None);
        var second = await provider.GetCheckerAsync(CancellationToken.None);

        Assert.Same(first, second);
    }
}
