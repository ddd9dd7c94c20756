namespace DataCatalog.Harvesting.Tests.FileDrop;

public sealed class SidecarTests : IDisposable
{
    private readonly DropFolder _drop = new();

    public void Dispose() => _drop.Dispose();

    [Fact]
    public async Task A_valid_sidecar_fills_the_metadata_and_is_not_a_dataset_itself()
    {
        _drop.Write("parking.csv", "주차장명,주차면수\n시청,120\n");
        _drop.Write("parking.csv.meta.json", """
            {
              "title": "공영주차장 현황",
              "description": "중구 공영주차장의 위치와 주차면수",
              "publisher": "서울특별시 중구",
              "updateCycle": "월간",
              "licence": "공공누리 제1유형",
              "keywords": ["주차장", "parking"],
              "theme": "교통물류",
              "contactPoint": "주차관리과 02-3396-0000"
            }
            """);

        var dataset = await _drop.ExtractSingleAsync();

        var metadata = dataset.Snapshot!.Metadata;
        Assert.Equal("공영주차장 현황", metadata.Title);
        Assert.Equal("중구 공영주차장의 위치와 주차면수", metadata.Description);
        Assert.Equal("서울특별시 중구", metadata.Publisher);
        Assert.Equal("월간", metadata.UpdateCycle);
        Assert.Equal("공공누리 제1유형", metadata.Licence);
        Assert.Equal(["주차장", "parking"], metadata.Keywords);
        Assert.Equal("교통물류", metadata.Theme);
        Assert.Equal("주차관리과 02-3396-0000", metadata.ContactPoint);
        Assert.Empty(dataset.Warnings!);
    }

    [Fact]
    public async Task Without_a_sidecar_the_file_name_is_the_title()
    {
        _drop.Write("sub/parking.csv", "주차장명,주차면수\n시청,120\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal("parking.csv", dataset.Snapshot!.Metadata.Title);
    }

    [Fact]
    public async Task An_invalid_sidecar_warns_with_path_line_and_fix_and_falls_back_to_the_file_name()
    {
        _drop.Write("parking.csv", "주차장명,주차면수\n시청,120\n");
        _drop.Write("parking.csv.meta.json", "{\n  \"title\": \"공영주차장\",\n  \"owner\": \"김철수\",\n  \"keywords\": \"주차장\"\n}\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Null(dataset.Error);
        Assert.Equal(1, dataset.Snapshot!.RowCount);
        Assert.Equal("parking.csv", dataset.Snapshot.Metadata.Title);
        Assert.Empty(dataset.Snapshot.Metadata.Keywords);
        Assert.Equal(
        [
            "parking.csv.meta.json: #/keywords (line 4, position 19): ArrayExpected. Fix: write the value as a list of strings, such as [\"주차장\", \"parking\"]; the file name is used as title until then.",
            "parking.csv.meta.json: #/owner (line 3, position 10): NoAdditionalPropertiesAllowed. Fix: remove 'owner' or rename it to one of title, description, publisher, updateCycle, licence, keywords, theme, contactPoint; the file name is used as title until then.",
        ], dataset.Warnings!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_sidecar_that_is_not_json_warns_with_its_line()
    {
        _drop.Write("parking.csv", "주차장명,주차면수\n시청,120\n");
        _drop.Write("parking.csv.meta.json", "{\n  \"title\": \"공영주차장\",\n}\n");

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal("parking.csv", dataset.Snapshot!.Metadata.Title);
        var warning = Assert.Single(dataset.Warnings!);
        Assert.StartsWith("parking.csv.meta.json: line 3, position 1: not valid JSON", warning, StringComparison.Ordinal);
    }
}
