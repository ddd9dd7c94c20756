using DataCatalog.Core.Catalog;

namespace DataCatalog.Harvesting.Tests.FileDrop;

public sealed class XlsxFileTests : IDisposable
{
    private readonly DropFolder _drop = new();

    public void Dispose() => _drop.Dispose();

    [Fact]
    public async Task A_workbook_sheet_is_profiled_with_dates_and_numbers_as_invariant_text()
    {
        XlsxTestWriter.Write(_drop.PathOf("parking.xlsx"),
            ("주차장", [
                ["주차장명", "주차면수", "요금", "개방일자"],
                ["시청 공영주차장", 120, 1000.5, new DateOnly(2024, 3, 1)],
                ["을지로 공영주차장", 85, null, new DateOnly(2023, 12, 25)],
            ]));

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Null(dataset.Error);
        Assert.Equal("parking.xlsx", dataset.QualifiedName);
        var snapshot = dataset.Snapshot!;
        Assert.Equal(["주차장명", "주차면수", "요금", "개방일자"], snapshot.Columns.Select(c => c.Name));
        Assert.Equal(2, snapshot.RowCount);
        Assert.Equal(new Distribution("xlsx", "parking.xlsx", "sheet=주차장; header=true"), Assert.Single(snapshot.Metadata.Distributions));
        Assert.Equal(["120", "85"], dataset.Profiles[1].TopValues.Select(v => v.Value).Order(StringComparer.Ordinal));
        Assert.Equal(["1000.5"], dataset.Profiles[2].TopValues.Select(v => v.Value));
        Assert.Equal(1, dataset.Profiles[2].Nulls);
        Assert.True(snapshot.Columns[2].IsNullable);
        Assert.Equal("2023-12-25", dataset.Profiles[3].Min);
        Assert.Equal("2024-03-01", dataset.Profiles[3].Max);
    }

    [Fact]
    public async Task Each_further_sheet_is_its_own_dataset_named_after_the_sheet()
    {
        XlsxTestWriter.Write(_drop.PathOf("book.xlsx"),
            ("주차장", [["주차장명", "주차면수"], ["시청", 120], ["을지로", 85]]),
            ("요금표", [["구분", "요금"], ["소형", 1000]]));

        var datasets = await _drop.ExtractAsync();

        Assert.Equal(["book.xlsx", "book.xlsx#요금표"], datasets.Select(d => d.QualifiedName));
        Assert.Equal([2L, 1L], datasets.Select(d => d.Snapshot!.RowCount!.Value));
        Assert.Equal(["구분", "요금"], datasets[1].Snapshot!.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task A_sheet_row_with_values_beyond_the_header_is_rejected_with_its_row_number()
    {
        XlsxTestWriter.Write(_drop.PathOf("wide.xlsx"),
            ("Sheet1", [["주차장명", "주차면수"], ["시청", 120], ["을지로", 85, "비고"]]));

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Equal(1, dataset.RejectedRows);
        Assert.Equal(1, dataset.Snapshot!.RowCount);
        Assert.Equal(["wide.xlsx: row 3 has 3 fields, expected 2"], dataset.Warnings);
    }
}
