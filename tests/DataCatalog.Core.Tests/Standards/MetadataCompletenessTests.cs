using DataCatalog.Core.Standards;

namespace DataCatalog.Core.Tests.Standards;

public class MetadataCompletenessTests
{
    [Fact]
    public void Complete_and_plausible_metadata_passes_every_field()
    {
        var results = MetadataCompleteness.Check(new DatasetMetadataInput(
            "공영주차장 현황", "시가 운영하는 공영주차장의 위치, 주차면수, 요금과 운영시간을 담은 목록입니다.", "데이터시", "교통정책과",
            "월간", "공공누리 제1유형", ["주차", "주차장"], "교통정책과 02-123-4567", "parking_lot"));

        Assert.Equal(7, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, r.Field + ": " + r.Reason));
    }

    [Fact]
    public void Placeholders_and_implausible_values_fail_with_a_reason_per_field()
    {
        var results = MetadataCompleteness.Check(new DatasetMetadataInput(
            "parking_lot", "주차장 목록", "-", null, "가끔", "없음", ["-", " "], null, "parking_lot"));

        Assert.Equal(
        [
            (MetadataField.Title, false, "the title 'parking_lot' is the table name; write what the data is about (such as 주차장 현황)"),
            (MetadataField.Description, false, "the description has 6 characters, fewer than 20; say what a row is, its coverage and its source"),
            (MetadataField.Publisher, false, "the publisher or department '-' is a placeholder; write the real publisher or department"),
            (MetadataField.UpdateCycle, false, "'가끔' is not an update cycle; write one such as 실시간, 일간, 주간, 월간, 분기, 연간 or 수시"),
            (MetadataField.Licence, false, "the licence '없음' is a placeholder; write the real licence"),
            (MetadataField.Keywords, false, "no keywords; add a few words people would search for"),
            (MetadataField.Contact, false, "no contact; fill it in"),
        ], results.Select(r => (r.Field, r.Passed, r.Reason)));
    }
}
