using System.Text;
using System.Text.Json;
using DataCatalog.Core.Profiling;

namespace DataCatalog.Harvesting.Tests.FileDrop;

/// <summary>The connector profiles cells as UTF-8 bytes in blocks of rows; what it reports must be what profiling the same
/// values as strings, row by row, reports.</summary>
public sealed class ProfileBlockTests : IDisposable
{
    private readonly DropFolder _drop = new();

    public void Dispose() => _drop.Dispose();

    [Fact]
    public async Task A_file_of_many_blocks_and_more_distinct_values_than_tracked_profiles_as_its_values_do_as_strings()
    {
        // 12,500 rows: a dozen blocks, and an id column past the 10,000 tracked values; empty and blank cells across block
        // edges, Hangul, decimals and quoted cells with line breaks.
        var rows = Enumerable.Range(0, 12_500).Select(i => new[]
        {
            $"P{i:D6}",
            (i % 11) switch { 0 => "", 1 => " ", _ => $"{(i % 3 == 0 ? "중구" : "종로구")} 공영주차장 {i % 40}" },
            $"{(i % 90) * 100}.{i % 7:D2}",
            i % 500 == 0 ? "야간 무료\r\n주말 개방" : (i % 2 == 0 ? "Y" : "N"),
        }).ToList();
        var text = new StringBuilder("관리번호,주차장명,기본요금,비고\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(',', row.Select(c => c.Contains('\n') ? $"\"{c}\"" : c))).Append("\r\n");
        }

        _drop.Write("parking.csv", text.ToString(), DropFolder.Cp949);

        var dataset = await _drop.ExtractSingleAsync();

        Assert.Null(dataset.Error);
        Assert.Equal(12_500, dataset.Snapshot!.RowCount);
        string[] names = ["관리번호", "주차장명", "기본요금", "비고"];
        for (var column = 0; column < names.Length; column++)
        {
            var expected = new ColumnProfiler(names[column]);
            foreach (var row in rows)
            {
                expected.Add(row[column].Length == 0 ? null : row[column]);
            }

            Assert.Equal(JsonSerializer.Serialize(expected.Build()), JsonSerializer.Serialize(dataset.Profiles[column]));
        }

        Assert.True(dataset.Profiles[0].DistinctIsEstimate);
        Assert.Equal(1_137, dataset.Profiles[1].Nulls);
        Assert.Equal(1_137, dataset.Profiles[1].Empty);
        Assert.Equal(25, dataset.Profiles[3].TopValues.Single(v => v.Value == "야간 무료\r\n주말 개방").Count);
    }
}
