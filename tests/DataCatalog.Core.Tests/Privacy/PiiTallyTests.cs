using DataCatalog.Core.Privacy;

namespace DataCatalog.Core.Tests.Privacy;

public class PiiTallyTests
{
    private static PiiTally Tally(string columnName, params string?[] values)
    {
        var tally = new PiiTally(columnName);
        foreach (var value in values)
        {
            tally.Add(value);
        }

        return tally;
    }

    [Fact]
    public void A_value_added_with_its_count_tallies_as_that_many_single_values()
    {
        var single = Tally("연락처", "010-1234-5678", "010-1234-5678", "010-1234-5678", "`02-123-4567", "없음");
        var counted = new PiiTally("연락처");
        counted.Add(PiiDetector.Match("010-1234-5678"), false, false, 3);
        counted.Add(PiiDetector.Match("`02-123-4567"), false, true, 1);
        counted.Add(PiiDetector.Match("없음"), false, false, 1);

        Assert.Equal(5, counted.Values);
        Assert.Equal((PiiClass.MobilePhone, 3L), (counted.Result, counted.Matches));
        Assert.Equal(single.Evidence, counted.Evidence);
        Assert.Equal(1, counted.Evidence!.TextGuarded);
    }

    [Fact]
    public void Half_of_the_values_matching_classifies_an_unhinted_column()
    {
        var tally = Tally("비고", "010-1234-5678", "010-2222-3333", "없음", "모름");

        Assert.Equal(PiiClass.MobilePhone, tally.Result);
        Assert.Equal(2, tally.Matches);
    }

    [Fact]
    public void Under_half_matching_leaves_an_unhinted_column_unclassified()
    {
        var tally = Tally("비고", "010-1234-5678", "없음", "모름", null, "  ");

        Assert.Equal(PiiClass.None, tally.Result);
        Assert.Equal(0, tally.Matches);
        Assert.Equal(3, tally.Values);
    }

    [Fact]
    public void Thirty_percent_is_enough_when_the_name_hints()
    {
        string[] values = ["010-1234-5678", "02-123-4567", "02-765-4321", "-", "없음", "모름", "미상", "x", "y"];
        var tally = Tally("연락처", values);

        // 2 landlines of 9 values is 22%: the mobile is another class and does not add to them.
        Assert.Equal(PiiClass.None, tally.Result);
        tally.Add("031-123-4567");
        // 3 of 10 is exactly 30%.
        Assert.Equal(PiiClass.LandlinePhone, tally.Result);
        Assert.Equal(3, tally.Matches);
    }

    [Fact]
    public void Thirty_percent_is_not_enough_without_a_hint()
    {
        var tally = Tally("비고", "02-123-4567", "02-765-4321", "031-123-4567", "-", "없음", "모름", "미상", "x", "y", "z");

        Assert.Equal(PiiClass.None, tally.Result);
    }

    [Fact]
    public void Unverified_resident_numbers_count_under_a_resident_number_name()
    {
        string[] values = ["900101-1234567", "900101-1234568", "비공개"];

        Assert.Equal(PiiClass.ResidentRegistrationNumber, Tally("주민번호", values).Result);
        Assert.Equal(2, Tally("주민번호", values).Matches);
        // Without the name only the verified one counts: 1 of 3 is under half.
        Assert.Equal(PiiClass.None, Tally("code", values).Result);
    }

    [Fact]
    public void Column_without_values_takes_the_class_of_its_name()
    {
        Assert.Equal(PiiClass.Email, Tally("이메일", null, " ").Result);
        Assert.Equal(PiiClass.None, Tally("비고").Result);
    }

    [Fact]
    public void Values_override_the_name_when_there_are_values()
    {
        Assert.Equal(PiiClass.None, Tally("이메일", "미제출", "미제출").Result);
    }
}
