using DataCatalog.Core.Standards;

namespace DataCatalog.Core.Tests.Standards;

public class StandardDictionaryDiffTests
{
    [Fact]
    public void A_diff_lists_added_retired_removed_and_changed_rows_per_dictionary()
    {
        var before = ShippedDictionary.Dictionary;
        var parking = before.Terms.Single(t => t.Name == "주차장명");
        var open = before.Terms.Single(t => t.Name == "개방여부");
        var after = before with
        {
            Terms =
            [
                .. before.Terms.Where(t => t.Name is not ("주차장명" or "개방여부" or "API명")),
                parking with { DomainName = "명V100" },
                open with { Retired = true },
                new StandardTerm("주차장개방여부", null, "PKLT_OPN_YN", "여부C1", null, null, null, null, null, [], "8차(2025-11)", false),
            ],
        };

        var diff = StandardDictionaryDiff.Compare(before, after);

        Assert.Equal(
        [
            new StandardRowDifference(StandardDictionaryKind.Terms, "개방여부", StandardRowChange.Retired, null),
            new StandardRowDifference(StandardDictionaryKind.Terms, "주차장개방여부", StandardRowChange.Added, null),
            new StandardRowDifference(StandardDictionaryKind.Terms, "주차장명", StandardRowChange.Changed, "domain: 명V300 → 명V100"),
            new StandardRowDifference(StandardDictionaryKind.Terms, "API명", StandardRowChange.Removed, null),
        ], diff);
    }

    [Fact]
    public void An_edition_compared_with_itself_has_no_differences()
    {
        Assert.Empty(StandardDictionaryDiff.Compare(ShippedDictionary.Dictionary, ShippedDictionary.Dictionary));
    }
}
